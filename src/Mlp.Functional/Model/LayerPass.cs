using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>
/// One layer's forward and backward arithmetic over caller-owned buffers. The public
/// <see cref="Network"/> functions allocate exact, fresh buffers and wrap them as matrices; the
/// training step runs the same code on scratch buffers it never lets escape.
/// </summary>
internal static class LayerPass
{
    /// <summary><c>Z = X·Wᵀ + b</c> and <c>A = act(Z)</c> for <paramref name="rows"/> rows.
    /// <paramref name="a"/> may be <paramref name="z"/> (prediction keeps only <c>A</c>).</summary>
    public static void Forward<T>(Dense<T> layer, ReadOnlySpan<T> x, int rows, Span<T> z, Span<T> a,
        Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        var zs = z[..(rows * layer.Out)];
        var inPlace = Unsafe.AreSame(ref MemoryMarshal.GetReference(z), ref MemoryMarshal.GetReference(a));
        // The bias always goes on inside the product; relu too when Z is not kept.
        var fusedRelu = inPlace && layer.Activation == Activation.Relu;
        Gemm.Compute(rows, layer.Out, layer.In, x, Transpose.No, layer.Weight.Span, Transpose.Yes, zs,
            GemmOptions.For(parallelism), layer.Bias.Span, fusedRelu);
        if (fusedRelu || (inPlace && layer.Activation == Activation.Identity)) return;
        Activations.Forward<T>(layer.Activation, zs, a[..zs.Length], layer.Out);
    }

    /// <summary>
    /// The layer's gradients from its delta <c>δ = ∂L/∂Z</c> and its input <c>A_prev</c>:
    /// <c>dW = δᵀ·A_prev</c> (the seed's <c>X.T @ delta</c>, a sum over the batch) and
    /// <c>db = Σ_rows δ</c>.
    /// </summary>
    public static void Gradients<T>(Dense<T> layer, ReadOnlySpan<T> delta, ReadOnlySpan<T> input, int rows,
        Span<T> dW, Span<T> db, Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        Gemm.Compute(layer.Out, layer.In, rows, delta, Transpose.Yes, input, Transpose.No, dW, GemmOptions.For(parallelism));
        db[..layer.Out].Clear();
        Kernels.AddColumnSums(delta[..(rows * layer.Out)], layer.Out, db);
    }

    /// <summary>
    /// The delta of the layer below: <c>δ_prev = (δ·W) ⊙ act′(Z_prev)</c>, from the saved
    /// <c>Z_prev</c> and <c>A_prev</c>.
    /// </summary>
    public static void DeltaBelow<T>(Dense<T> layer, Activation below, ReadOnlySpan<T> delta, int rows,
        ReadOnlySpan<T> zBelow, ReadOnlySpan<T> aBelow, Span<T> deltaBelow, Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        var n = rows * layer.In;
        var d = deltaBelow[..n];
        Gemm.Compute(rows, layer.In, layer.Out, delta, Transpose.No, layer.Weight.Span, Transpose.No, d, GemmOptions.For(parallelism));
        Activations.Backward<T>(below, zBelow[..n], aBelow[..n], d, d, layer.In);
    }
}
