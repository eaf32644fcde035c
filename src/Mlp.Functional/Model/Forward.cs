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
        var zs = ImmutableArray.CreateBuilder<Matrix<T>>(net.Layers.Length);
        var acts = ImmutableArray.CreateBuilder<Matrix<T>>(net.Layers.Length);
        var input = x;
        foreach (var layer in net.Layers)
        {
            var z = Linear(layer, input);
            var a = layer.Activation == Activation.Identity ? z : Activate(layer.Activation, z);
            zs.Add(z); acts.Add(a);
            input = a;
        }
        return new Trace<T>(x, zs.MoveToImmutable(), acts.MoveToImmutable());
    }

    /// <summary>The network's output for a batch, <c>[batch × outputs]</c>.</summary>
    [Pure]
    public static Matrix<T> Predict<T>(Network<T> net, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        CheckInput(net, x);
        var a = x;
        foreach (var layer in net.Layers)
        {
            var z = Linear(layer, a);
            a = layer.Activation == Activation.Identity ? z : Activate(layer.Activation, z);
        }
        return a;
    }

    /// <summary><c>Z = X·Wᵀ + b</c> for one layer.</summary>
    [Pure]
    public static Matrix<T> Linear<T>(Dense<T> layer, Matrix<T> x) where T : IFloatingPointIeee754<T>
    {
        var z = new T[x.Rows * layer.Out];
        Gemm.Compute(x.Rows, layer.Out, layer.In, x.Span, Transpose.No, layer.Weight.Span, Transpose.Yes, z);
        Kernels.AddRowVector<T>(z, layer.Bias.Span);
        return Matrix<T>.Own(z, x.Rows, layer.Out);
    }

    /// <summary><c>A = act(Z)</c> as a new matrix.</summary>
    [Pure]
    public static Matrix<T> Activate<T>(Activation act, Matrix<T> z) where T : IFloatingPointIeee754<T>
    {
        var a = new T[z.Length];
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
