using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Data;

/// <summary>How features are scaled before the first layer.</summary>
public enum ScalerKind { Standardize, MinMax }

/// <summary>
/// Feature preprocessing fitted on training rows only: <c>x → (x − Mean) / Scale</c>.
/// For <c>minmax</c>, Mean holds each column's minimum and Scale its range (the model file's
/// convention). A zero scale (a constant column) is stored as 1 so nothing divides by zero.
/// </summary>
public sealed record Scaler(ScalerKind Kind, ImmutableArray<double> Mean, ImmutableArray<double> Scale)
{
    /// <summary>Name used in the model file and on the command line.</summary>
    public string KindName => Kind switch
    {
        ScalerKind.Standardize => "standardize",
        ScalerKind.MinMax => "minmax",
        _ => throw new UnreachableException(),
    };

    /// <summary>Record equality compares contents.</summary>
    public bool Equals(Scaler? other) =>
        other is not null && Kind == other.Kind && Mean.SequenceEqual(other.Mean) && Scale.SequenceEqual(other.Scale);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Mean.Length);

    /// <summary>Fits the scaler's statistics on the rows of <paramref name="x"/>.</summary>
    public static Scaler Fit<T>(ScalerKind kind, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        var mean = new double[x.Cols];
        var scale = new double[x.Cols];
        for (var j = 0; j < x.Cols; j++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < x.Rows; i++)
            {
                var v = double.CreateChecked(x[i, j]);
                sum += v; min = Math.Min(min, v); max = Math.Max(max, v);
            }
            if (kind == ScalerKind.MinMax)
            {
                mean[j] = x.Rows == 0 ? 0 : min;
                scale[j] = x.Rows == 0 || max == min ? 1 : max - min;
                continue;
            }
            var mu = x.Rows == 0 ? 0 : sum / x.Rows;
            double ss = 0;
            for (var i = 0; i < x.Rows; i++) { var d = double.CreateChecked(x[i, j]) - mu; ss += d * d; }
            var sd = x.Rows == 0 ? 0 : Math.Sqrt(ss / x.Rows); // population std, as scikit-learn's StandardScaler
            mean[j] = mu;
            scale[j] = sd == 0 ? 1 : sd;
        }
        return new Scaler(kind, [.. mean], [.. scale]);
    }

    /// <summary><c>(x − Mean) / Scale</c>, column by column, as a new matrix.</summary>
    public Matrix<T> Apply<T>(Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Cols != Mean.Length)
            throw new ArgumentException($"the scaler was fitted on {Mean.Length} columns, got {x.Cols}");
        var y = new T[x.Length];
        for (var i = 0; i < x.Rows; i++)
            for (var j = 0; j < x.Cols; j++)
                y[i * x.Cols + j] = T.CreateChecked((double.CreateChecked(x[i, j]) - Mean[j]) / Scale[j]);
        return Matrix<T>.Own(y, x.Rows, x.Cols);
    }
}
