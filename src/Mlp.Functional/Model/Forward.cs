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
    public static Trace<T> Forward<T>(Network<T> net, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        CheckInput(net, x);
        var zs = new Matrix<T>[net.Layers.Length];
        var acts = new Matrix<T>[net.Layers.Length];
        var input = x;
        for (var l = 0; l < zs.Length; l++)
        {
            var layer = net.Layers[l];
            var z = GC.AllocateUninitializedArray<T>(x.Rows * layer.Out);
            var a = layer.Activation == Activation.Identity ? z : GC.AllocateUninitializedArray<T>(z.Length);
            LayerPass.Forward<T>(layer, input.Span, x.Rows, z, a);
            zs[l] = Matrix<T>.Own(z, x.Rows, layer.Out);
            acts[l] = ReferenceEquals(a, z) ? zs[l] : Matrix<T>.Own(a, x.Rows, layer.Out);
            input = acts[l];
        }
        return new Trace<T>(x, ImmutableArray.Create(zs), ImmutableArray.Create(acts));
    }

    /// <summary>The network's output for a batch, <c>[batch × outputs]</c>.</summary>
    [Pure]
    public static Matrix<T> Predict<T>(Network<T> net, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        CheckInput(net, x);
        var a = x;
        foreach (var layer in net.Layers)
        {
            var z = GC.AllocateUninitializedArray<T>(x.Rows * layer.Out);
            LayerPass.Forward<T>(layer, a.Span, x.Rows, z, z);
            a = Matrix<T>.Own(z, x.Rows, layer.Out);
        }
        return a;
    }

    /// <summary><c>Z = X·Wᵀ + b</c> for one layer.</summary>
    [Pure]
    public static Matrix<T> Linear<T>(Dense<T> layer, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Cols != layer.In)
            throw new ArgumentException($"the layer expects {layer.In} input columns, but the batch is {x.Rows}×{x.Cols}");
        var z = GC.AllocateUninitializedArray<T>(x.Rows * layer.Out);
        LayerPass.Forward<T>(layer with { Activation = Activation.Identity }, x.Span, x.Rows, z, z);
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

    private static void CheckInput<T>(Network<T> net, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Cols != net.Inputs)
            throw new ArgumentException(
                $"the network expects {net.Inputs} input columns, but the batch is {x.Rows}×{x.Cols}");
    }
}
