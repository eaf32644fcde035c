using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>The deltas <c>δ = ∂L/∂Z</c> of every layer and the gradients they give.</summary>
public sealed record Backprop<T>(ImmutableArray<Matrix<T>> Deltas, ParamSet<T> Gradients)
    where T : IFloatingPointIeee754<T>;

public static partial class Network
{
    /// <summary>
    /// Backpropagation from a given output delta <c>δ_L = ∂L/∂Z_L</c> (<c>[batch × outputs]</c>).
    /// Per layer, last first: <c>dW = δᵀ·A_prev</c> (the seed's <c>X.T @ delta</c>, summed over
    /// the batch; the 1/B is already in <c>δ_L</c>), <c>db = Σ_rows δ</c>, and for the layer
    /// below <c>δ_prev = (δ·W) ⊙ act′(Z_prev)</c>.
    /// </summary>
    [Pure]
    public static Backprop<T> Backpropagate<T>(Network<T> net, Trace<T> trace, Matrix<T> outputDelta,
        Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
    {
        var p = parallelism ?? Parallelism.Default;
        var n = net.Layers.Length;
        var batch = trace.Input.Rows;
        if (outputDelta.Rows != batch || outputDelta.Cols != net.Outputs)
            throw new ArgumentException(
                $"output delta must be {batch}×{net.Outputs}, got {outputDelta.Rows}×{outputDelta.Cols}");
        var leaves = new Matrix<T>[2 * n];
        var deltas = new Matrix<T>[n];
        deltas[n - 1] = outputDelta;
        for (var l = n - 1; l >= 0; l--)
        {
            var layer = net.Layers[l];
            var (dW, db) = (GC.AllocateUninitializedArray<T>(layer.Out * layer.In), GC.AllocateUninitializedArray<T>(layer.Out));
            LayerPass.Gradients<T>(layer, deltas[l].Span, trace.InputOf(l).Span, batch, dW, db, p);
            leaves[2 * l] = Matrix<T>.Own(dW, layer.Out, layer.In);
            leaves[2 * l + 1] = Matrix<T>.Own(db, 1, layer.Out);
            if (l == 0) break;
            var below = GC.AllocateUninitializedArray<T>(batch * layer.In);
            LayerPass.DeltaBelow<T>(layer, net.Layers[l - 1].Activation, deltas[l].Span, batch,
                trace.Z[l - 1].Span, trace.A[l - 1].Span, below, p);
            deltas[l - 1] = Matrix<T>.Own(below, batch, layer.In);
        }
        return new Backprop<T>(ImmutableArray.Create(deltas), new ParamSet<T>(ImmutableArray.Create(leaves)));
    }
}
