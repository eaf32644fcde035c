using System.Numerics;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>Plain, obviously right implementations that the fast code is checked against.</summary>
internal static class Reference
{
    /// <summary>
    /// <c>op(A)·op(B)</c> by the textbook triple loop, summed in <c>double</c>, together with
    /// <c>Σ_p |op(A)(i,p)·op(B)(p,j)|</c> per element: the scale a rounding error is measured on.
    /// </summary>
    public static (double[] Product, double[] Magnitude) Gemm<T>(int m, int n, int k,
        ReadOnlySpan<T> a, Transpose ta, ReadOnlySpan<T> b, Transpose tb) where T : IFloatingPointIeee754<T>
    {
        var product = new double[m * n];
        var magnitude = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0, s1 = 0;
                for (var p = 0; p < k; p++)
                {
                    var x = double.CreateChecked(ta == Transpose.No ? a[i * k + p] : a[p * m + i]);
                    var y = double.CreateChecked(tb == Transpose.No ? b[p * n + j] : b[j * k + p]);
                    s += x * y;
                    s1 += Math.Abs(x * y);
                }
                product[i * n + j] = s;
                magnitude[i * n + j] = s1;
            }
        return (product, magnitude);
    }

    /// <summary>
    /// Whether every element of <paramref name="c"/> is within the classical bound for a sum of
    /// <c>k</c> rounded products, <c>|c − exact| ≤ k·u·Σ|a·b|</c> (<c>u</c> = half the machine
    /// epsilon), with a factor 2 to spare. A wrong index or a stale value misses it by far.
    /// </summary>
    public static bool Close<T>(ReadOnlySpan<T> c, (double[] Product, double[] Magnitude) exact, int k)
        where T : IFloatingPointIeee754<T>
    {
        var tol = (k + 1) * Epsilon<T>();
        for (var i = 0; i < exact.Product.Length; i++)
        {
            var got = double.CreateChecked(c[i]);
            if (!(Math.Abs(got - exact.Product[i]) <= tol * exact.Magnitude[i])) return false;
        }
        return true;
    }

    /// <summary>The machine epsilon of <typeparamref name="T"/>: the gap between 1 and the next number.</summary>
    public static double Epsilon<T>() where T : IFloatingPointIeee754<T>
        => double.CreateChecked(T.BitIncrement(T.One) - T.One);

    /// <summary>
    /// <paramref name="length"/> uniform values in <c>[−1, 1)</c> from <paramref name="seed"/>,
    /// followed by <paramref name="pad"/> NaNs: a kernel that read past the end and used what it
    /// found would turn its result into NaN.
    /// </summary>
    public static T[] Uniform<T>(int length, long seed, int pad = 0) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var x = new T[length + pad];
        for (var i = 0; i < length; i++) x[i] = T.CreateChecked(s.Uniform(1.0));
        x.AsSpan(length).Fill(T.NaN);
        return x;
    }

    /// <summary>Whether two spans hold the same numbers, bit for bit (the sign of zero counts; NaN equals NaN).</summary>
    public static bool Identical<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : IFloatingPointIeee754<T>
    {
        if (x.Length != y.Length) return false;
        for (var i = 0; i < x.Length; i++)
        {
            var same = T.IsNaN(x[i]) ? T.IsNaN(y[i]) : x[i] == y[i] && T.IsNegative(x[i]) == T.IsNegative(y[i]);
            if (!same) return false;
        }
        return true;
    }
}
