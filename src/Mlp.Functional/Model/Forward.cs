using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>The pure functions of a network: forward, predict and backward passes.</summary>
public static partial class Network
{
    /// <summary>
    /// The forward pass over a batch <c>X</c> (<c>[batch × inputs]</c>): for each layer
    /// <c>Z = A_prev·Wᵀ + b</c> and <c>A = act(Z)</c>. Returns every <c>Z</c> and <c>A</c>.
    /// </summary>
    /// <exception cref="ArgumentException">X does not have the network's number of inputs.</exception>
    [Pure]
    public static Trace<T> Forward<T>(Network<T> net, Matrix<T> x, Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
    {
        net.CheckInputs(x.Cols, "the batch");
        var p = parallelism ?? Parallelism.Default;
        var zs = new Matrix<T>[net.Layers.Length];
        var acts = new Matrix<T>[net.Layers.Length];
        var input = x;
        for (var l = 0; l < zs.Length; l++)
        {
            var layer = net.Layers[l];
            var z = GC.AllocateUninitializedArray<T>(x.Rows * layer.Out);
            var a = layer.Activation == Activation.Identity ? z : GC.AllocateUninitializedArray<T>(z.Length);
            LayerPass.Forward<T>(layer, input.Span, x.Rows, z, a, p);
            zs[l] = Matrix<T>.Own(z, x.Rows, layer.Out);
            acts[l] = ReferenceEquals(a, z) ? zs[l] : Matrix<T>.Own(a, x.Rows, layer.Out);
            input = acts[l];
        }
        return new Trace<T>(x, ImmutableArray.Create(zs), ImmutableArray.Create(acts));
    }

    /// <summary>The network's output for a batch, <c>[batch × outputs]</c>.</summary>
    /// <remarks>
    /// Only the output is a new array: the hidden activations never leave the call, so they
    /// live in two pooled buffers, used in turn (a 1024-row batch would otherwise allocate
    /// megabytes of garbage per call, and the collector's work cost more than the last layer).
    /// </remarks>
    /// <exception cref="ArgumentException">X does not have the network's number of inputs.</exception>
    [Pure]
    public static Matrix<T> Predict<T>(Network<T> net, Matrix<T> x, Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
    {
        net.CheckInputs(x.Cols, "the batch");
        var p = parallelism ?? Parallelism.Default;
        var (rows, layers) = (x.Rows, net.Layers);
        var widest = 0;
        for (var l = 0; l < layers.Length - 1; l++) widest = Math.Max(widest, layers[l].Out);
        var hidden = ArrayPool<T>.Shared.Rent(2 * rows * widest);
        try
        {
            ReadOnlySpan<T> input = x.Span;
            for (var l = 0; l < layers.Length - 1; l++)
            {
                var a = hidden.AsSpan((l & 1) * rows * widest, rows * layers[l].Out);
                LayerPass.Forward<T>(layers[l], input, rows, a, a, p);
                input = a;
            }
            var output = GC.AllocateUninitializedArray<T>(rows * net.Outputs);
            LayerPass.Forward<T>(layers[^1], input, rows, output, output, p);
            return Matrix<T>.Own(output, rows, net.Outputs);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(hidden);
        }
    }

    /// <summary><c>Z = X·Wᵀ + b</c> for one layer.</summary>
    [Pure]
    public static Matrix<T> Linear<T>(Dense<T> layer, Matrix<T> x, Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
    {
        if (x.Cols != layer.In)
            throw new ArgumentException($"{layer} expects {layer.In} inputs, got a batch of {x.Rows}×{x.Cols}");
        var z = GC.AllocateUninitializedArray<T>(x.Rows * layer.Out);
        LayerPass.Forward<T>(layer with { Activation = Activation.Identity }, x.Span, x.Rows, z, z, parallelism ?? Parallelism.Default);
        return Matrix<T>.Own(z, x.Rows, layer.Out);
    }

    /// <summary><c>A = act(Z)</c> as a new matrix.</summary>
    [Pure]
    public static Matrix<T> Activate<T>(Activation act, Matrix<T> z) where T : IFloatingPointIeee754<T>
    {
        var a = GC.AllocateUninitializedArray<T>(z.Length);
        Activations.Forward(act, z.Span, a, z.Cols);
        return Matrix<T>.Own(a, z.Rows, z.Cols);
    }
}
