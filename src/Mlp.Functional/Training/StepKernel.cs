using System.Buffers;
using System.Numerics;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>
/// The loss and gradients of one mini-batch, computed on one scratch buffer rented for the
/// call and returned before it ends (the ST-monad idea: the caller only ever sees the fresh
/// gradients and outputs). Same arithmetic as <see cref="Network.Forward{T}"/> and
/// <see cref="Network.Backpropagate{T}(Network{T}, Trace{T}, Matrix{T})"/>, without a trace
/// of new matrices per step.
/// </summary>
internal static class StepKernel
{
    /// <param name="gradientsInto">When given (a set the caller owns, shaped like the network's
    /// parameters), the gradients are written into its buffers and it is returned; else they are fresh.</param>
    public static (T Loss, ParamSet<T> Gradients, Matrix<T> Output) LossAndGradients<T>(
        Network<T> net, ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Loss loss, Parallelism parallelism,
        ParamSet<T>? gradientsInto = null) where T : IFloatingPointIeee754<T>
    {
        var layers = net.Layers;
        var count = layers.Length;
        // Offsets of Z_l and A_l in the scratch buffer (A_l = Z_l for identity layers), then two
        // delta buffers of the widest layer.
        Span<int> zAt = stackalloc int[count], aAt = stackalloc int[count];
        int size = 0, widest = net.Inputs;
        for (var l = 0; l < count; l++)
        {
            var n = rows * layers[l].Out;
            zAt[l] = size; size += n;
            aAt[l] = layers[l].Activation == Activation.Identity ? zAt[l] : size;
            if (aAt[l] != zAt[l]) size += n;
            widest = Math.Max(widest, layers[l].Out);
        }
        var deltaAt = size;
        size += 2 * rows * widest;
        var scratch = ArrayPool<T>.Shared.Rent(size);
        try
        {
            var s = scratch.AsSpan(0, size);
            var input = x;
            for (var l = 0; l < count; l++)
            {
                var n = rows * layers[l].Out;
                LayerPass.Forward(layers[l], input, rows, s.Slice(zAt[l], n), s.Slice(aAt[l], n), parallelism);
                input = s.Slice(aAt[l], n);
            }
            var outputs = net.Outputs;
            var y = s.Slice(aAt[count - 1], rows * outputs);
            var value = LossFunctions.Value(loss, y, t, rows);
            var output = Matrix<T>.Create(rows, outputs, y);
            var leaves = gradientsInto is null ? new Matrix<T>[2 * count] : null;
            // The delta of layer l lives in one of two buffers, alternating from the top.
            var half = rows * widest;
            int DeltaAt(int l) => deltaAt + ((count - 1 - l) & 1) * half;
            var top = s.Slice(DeltaAt(count - 1), rows * outputs);
            LossFunctions.OutputDelta(loss, net.OutputActivation, s.Slice(zAt[count - 1], y.Length), y, t, rows, outputs, top);
            for (var l = count - 1; l >= 0; l--)
            {
                var layer = layers[l];
                var delta = s.Slice(DeltaAt(l), rows * layer.Out);
                var (dW, db) = gradientsInto is null
                    ? (GC.AllocateUninitializedArray<T>(layer.Out * layer.In), GC.AllocateUninitializedArray<T>(layer.Out))
                    : (gradientsInto.Weight(l).OwnedBuffer, gradientsInto.Bias(l).OwnedBuffer);
                var layerInput = l == 0 ? x : s.Slice(aAt[l - 1], rows * layer.In);
                LayerPass.Gradients<T>(layer, delta, layerInput, rows, dW, db, parallelism);
                if (leaves is not null)
                    (leaves[2 * l], leaves[2 * l + 1]) = (Matrix<T>.Own(dW, layer.Out, layer.In), Matrix<T>.Own(db, 1, layer.Out));
                if (l == 0) break;
                var n = rows * layer.In;
                LayerPass.DeltaBelow<T>(layer, layers[l - 1].Activation, delta, rows,
                    s.Slice(zAt[l - 1], n), s.Slice(aAt[l - 1], n), s.Slice(DeltaAt(l - 1), n), parallelism);
            }
            return (value, gradientsInto ?? ParamSet<T>.Own(leaves!), output);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }
}
