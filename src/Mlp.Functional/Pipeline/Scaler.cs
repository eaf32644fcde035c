using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using Mlp.Data;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>How features are scaled before the first layer.</summary>
public enum ScalerKind { Standardize, MinMax }

/// <summary>The names of the scalers.</summary>
public static class ScalerKinds
{
    /// <summary>Name used in the model file and on the command line: <c>standardize</c>, <c>minmax</c>.</summary>
    public static string Name(this ScalerKind kind) => kind switch
    {
        ScalerKind.Standardize => "standardize",
        ScalerKind.MinMax => "minmax",
        _ => throw new UnreachableException(),
    };

    /// <summary>Every scaler.</summary>
    public static IReadOnlyList<ScalerKind> All { get; } = Enum.GetValues<ScalerKind>();
}

/// <summary>
/// Feature preprocessing fitted on training rows only: <c>x → (x − Mean) / Scale</c>.
/// For <c>minmax</c>, Mean holds each column's minimum and Scale its range (the model file's
/// convention). A zero scale (a constant column) is stored as 1 so nothing divides by zero.
/// </summary>
public sealed record Scaler(ScalerKind Kind, ImmutableArray<double> Mean, ImmutableArray<double> Scale)
{

    /// <summary>Record equality compares contents.</summary>
    public bool Equals(Scaler? other) =>
        other is not null && Kind == other.Kind && Mean.SequenceEqual(other.Mean) && Scale.SequenceEqual(other.Scale);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Mean.Length);

    /// <summary>
    /// Fits the scaler's statistics on the rows of <paramref name="x"/>: per column the mean and
    /// population standard deviation (standardize) or the minimum and range (minmax).
    /// </summary>
    public static Scaler Fit<T>(ScalerKind kind, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        // Row by row (the buffer's order), each column summed over rows in ascending order.
        var (n, d) = (x.Rows, x.Cols);
        double[] sum = new double[d], min = new double[d], max = new double[d], ss = new double[d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < d; j++)
            {
                var v = double.CreateChecked(row[j]);
                sum[j] += v; min[j] = Math.Min(min[j], v); max[j] = Math.Max(max[j], v);
            }
        }
        if (kind == ScalerKind.MinMax)
            return new Scaler(kind,
                [.. Enumerable.Range(0, d).Select(j => n == 0 ? 0 : min[j])],
                [.. Enumerable.Range(0, d).Select(j => n == 0 || max[j] == min[j] ? 1 : max[j] - min[j])]);
        var mu = sum.Select(s => n == 0 ? 0 : s / n).ToArray();
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < d; j++) { var e = double.CreateChecked(row[j]) - mu[j]; ss[j] += e * e; }
        }
        // Population std, as scikit-learn's StandardScaler; a constant column keeps scale 1.
        var sd = ss.Select(q => n == 0 ? 0 : Math.Sqrt(q / n));
        return new Scaler(kind, [.. mu], [.. sd.Select(v => v == 0 ? 1 : v)]);
    }

    /// <summary>Fits on <paramref name="x"/>'s rows (the training set's features).</summary>
    public static Scaler Fit<T>(ScalerKind kind, Dataset<T> train) where T : IFloatingPointIeee754<T> =>
        Fit(kind, train.Features);

    /// <summary><c>(x − Mean) / Scale</c>, column by column, as a new matrix.</summary>
    public Matrix<T> Apply<T>(Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Cols != Mean.Length)
            throw new ArgumentException($"the scaler was fitted on {Mean.Length} columns, got {x.Cols}");
        var y = new T[x.Length];
        ReadOnlySpan<double> mean = Mean.AsSpan(), scale = Scale.AsSpan();
        for (var i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            var to = y.AsSpan(i * x.Cols, x.Cols);
            for (var j = 0; j < x.Cols; j++)
                to[j] = T.CreateChecked((double.CreateChecked(row[j]) - mean[j]) / scale[j]);
        }
        return Matrix<T>.Own(y, x.Rows, x.Cols);
    }

    /// <summary>The data set with its features scaled.</summary>
    public Dataset<T> Apply<T>(Dataset<T> data) where T : IFloatingPointIeee754<T> =>
        data with { Features = Apply(data.Features) };
}
