using System.Numerics;
using System.Numerics.Tensors;

namespace Mlp.Tensors;

/// <summary>Element-wise kernels that TensorPrimitives does not have.</summary>
public static class Kernels
{
    // √(2/π), the constant of gelu's tanh form.
    private const double GeluC = 0.7978845608028654;
    private const double GeluK = 0.044715;

    /// <summary><c>a = max(z, 0)</c>; <c>relu(−0) = 0</c>.</summary>
    public static void Relu<T>(ReadOnlySpan<T> z, Span<T> a) where T : IFloatingPointIeee754<T>
        => TensorPrimitives.Max(z, T.Zero, a);

    /// <summary><c>a = z</c> where <c>z &gt; 0</c>, else <c>slope·z</c>.</summary>
    public static void LeakyRelu<T>(ReadOnlySpan<T> z, T slope, Span<T> a) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < z.Length; i++)
            a[i] = z[i] > T.Zero ? z[i] : slope * z[i];
    }

    /// <summary><c>d = z &gt; 0 ? above : below</c> (the derivative of relu and leaky-relu).</summary>
    public static void Step<T>(ReadOnlySpan<T> z, T above, T below, Span<T> d) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < z.Length; i++)
            d[i] = z[i] > T.Zero ? above : below;
    }

    /// <summary><c>a = 0.5·z·(1 + tanh(√(2/π)(z + 0.044715 z³)))</c> (PyTorch's tanh approximation).</summary>
    public static void Gelu<T>(ReadOnlySpan<T> z, Span<T> a) where T : IFloatingPointIeee754<T>
    {
        T c = T.CreateChecked(GeluC), k = T.CreateChecked(GeluK), half = T.CreateChecked(0.5);
        for (var i = 0; i < z.Length; i++)
        {
            var x = z[i];
            var t = T.Tanh(c * (x + k * x * x * x));
            a[i] = half * x * (T.One + t);
        }
    }

    /// <summary>
    /// gelu′(z) = <c>0.5(1 + t) + 0.5·z·(1 − t²)·√(2/π)(1 + 3·0.044715 z²)</c>, with
    /// <c>t = tanh(√(2/π)(z + 0.044715 z³))</c>.
    /// </summary>
    public static void GeluDerivative<T>(ReadOnlySpan<T> z, Span<T> d) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < z.Length; i++) d[i] = GeluPrime(z[i]);
    }

    /// <summary><c>dz = da ⊙ a(1 − a)</c>: back through sigmoid from its output. In place is allowed.</summary>
    public static void SigmoidBackward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> dz) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < a.Length; i++)
            dz[i] = da[i] * a[i] * (T.One - a[i]);
    }

    /// <summary><c>dz = da ⊙ (1 − a²)</c>: back through tanh from its output. In place is allowed.</summary>
    public static void TanhBackward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> dz) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < a.Length; i++)
            dz[i] = da[i] * (T.One - a[i] * a[i]);
    }

    /// <summary><c>dz = z &gt; 0 ? da : below·da</c>: back through relu (below = 0) and leaky-relu.</summary>
    public static void StepBackward<T>(ReadOnlySpan<T> z, T below, ReadOnlySpan<T> da, Span<T> dz) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < z.Length; i++)
            dz[i] = z[i] > T.Zero ? da[i] : below * da[i];
    }

    /// <summary><c>dz = da ⊙ gelu′(z)</c>. In place is allowed.</summary>
    public static void GeluBackward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> da, Span<T> dz) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < z.Length; i++) dz[i] = da[i] * GeluPrime(z[i]);
    }

    // gelu′(x) of the tanh form: the one formula both functions above use.
    private static T GeluPrime<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T c = T.CreateChecked(GeluC), k = T.CreateChecked(GeluK), half = T.CreateChecked(0.5);
        var t = T.Tanh(c * (x + k * x * x * x));
        return half * (T.One + t) + half * x * (T.One - t * t) * c * (T.One + T.CreateChecked(3) * k * x * x);
    }

    /// <summary><c>acc[j] += Σ_i m[i, j]</c>: column sums of a <c>[rows × cols]</c> buffer (bias gradients).</summary>
    public static void AddColumnSums<T>(ReadOnlySpan<T> m, int cols, Span<T> acc) where T : IFloatingPointIeee754<T>
    {
        for (var start = 0; start < m.Length; start += cols)
            TensorPrimitives.Add(m.Slice(start, cols), acc, acc);
    }

    /// <summary><c>z[i, j] += b[j]</c> for every row of a <c>[rows × cols]</c> buffer.</summary>
    public static void AddRowVector<T>(Span<T> z, ReadOnlySpan<T> b) where T : IFloatingPointIeee754<T>
    {
        var cols = b.Length;
        for (var start = 0; start < z.Length; start += cols)
        {
            var row = z.Slice(start, cols);
            TensorPrimitives.Add(row, b, row);
        }
    }
}
