using System.Numerics;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Numbers for the properties, drawn from a seed with the library's own <see cref="Rng"/>:
/// FsCheck generates only sizes and a seed, so values stay bounded and only the sizes shrink.
/// </summary>
public static class Seeded
{
    /// <summary>A <c>[rows × cols]</c> matrix with entries uniform in <c>[lo, hi)</c>.</summary>
    public static Matrix<T> Uniform<T>(int rows, int cols, double lo, double hi, Rng rng)
        where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(rng);
        var data = new T[rows * cols];
        for (var i = 0; i < data.Length; i++)
            data[i] = T.CreateChecked(lo + (hi - lo) * s.NextDouble());
        return Matrix<T>.Create(rows, cols, data);
    }

    /// <summary>One-hot rows: a class drawn uniformly per row.</summary>
    public static Matrix<T> OneHotRows<T>(int rows, int cols, Rng rng) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(rng);
        var data = new T[rows * cols];
        for (var i = 0; i < rows; i++)
            data[i * cols + s.NextInt(cols)] = T.One;
        return Matrix<T>.Create(rows, cols, data);
    }

    /// <summary>
    /// Probability rows (non-negative, each summing to 1 up to rounding): uniform weights,
    /// normalised; about a third of the entries are exactly 0.
    /// </summary>
    public static Matrix<T> ProbabilityRows<T>(int rows, int cols, Rng rng) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(rng);
        var data = new double[rows * cols];
        for (var i = 0; i < rows; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < cols; j++)
            {
                var u = s.NextDouble();
                data[i * cols + j] = u < 1.0 / 3 ? 0 : u;
                sum += data[i * cols + j];
            }
            if (sum == 0) { data[i * cols + s.NextInt(cols)] = 1; sum = 1; }
            for (var j = 0; j < cols; j++) data[i * cols + j] /= sum;
        }
        return Matrix<T>.Create(rows, cols, data.Select(T.CreateChecked).ToArray());
    }
}

/// <summary>Sizes of numbers and of differences, for tolerances and failure messages.</summary>
public static class Numbers
{
    /// <summary>Machine epsilon of <typeparamref name="T"/> (<c>T.Epsilon</c> is the smallest subnormal, not this).</summary>
    public static double MachineEpsilon<T>() where T : IFloatingPointIeee754<T> =>
        double.CreateChecked(T.BitIncrement(T.One) - T.One);

    /// <summary>Largest <c>|a − b|</c> over two equally shaped matrices (∞ when shapes differ).</summary>
    public static double MaxAbsDiff<T>(Matrix<T> a, Matrix<T> b) where T : IFloatingPointIeee754<T>
    {
        if (a.Rows != b.Rows || a.Cols != b.Cols) return double.PositiveInfinity;
        var worst = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(double.CreateChecked(a.Span[i]) - double.CreateChecked(b.Span[i]));
            if (double.IsNaN(d)) return double.PositiveInfinity;
            worst = Math.Max(worst, d);
        }
        return worst;
    }

    /// <summary>Largest <c>|x|</c> of a matrix (0 when empty).</summary>
    public static double MaxAbs<T>(Matrix<T> m) where T : IFloatingPointIeee754<T>
    {
        var worst = 0.0;
        foreach (var x in m.Span) worst = Math.Max(worst, Math.Abs(double.CreateChecked(x)));
        return worst;
    }
}
