using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Tests.Properties;

/// <summary>
/// The batch gradient (seed section 3.2.4): <c>dW = δᵀ·A_prev</c> is the sum over samples of the
/// outer products <c>δ_i ⊗ a_i</c> (the 1/B already in δ), so the gradient of a batch is the mean
/// of the gradients of its single-sample batches.
/// </summary>
[Properties(Arbitrary = new[] { typeof(Arbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class BatchGradientProps
{
    private const double Eps = 2.220446049250313e-16; // machine epsilon of double

    [Property]
    public Property Weight_gradient_is_the_sum_of_per_sample_outer_products(NetSpec spec)
    {
        var (net, x, t) = (spec.Network<double>(), spec.Inputs<double>(), spec.Targets<double>());
        var trace = Network.Forward(net, x);
        var bp = Grad.Backpropagate(net, trace, t, spec.Loss);
        var result = true.ToProperty();
        for (var l = 0; l < net.Layers.Length; l++)
        {
            var (delta, input) = (bp.Deltas[l], trace.InputOf(l));
            var (outer, outerScale) = (new double[delta.Cols, input.Cols], new double[delta.Cols, input.Cols]);
            var (bias, biasScale) = (new double[delta.Cols], new double[delta.Cols]);
            for (var i = 0; i < delta.Rows; i++)            // one sample at a time
                for (var j = 0; j < delta.Cols; j++)
                {
                    bias[j] += delta[i, j];
                    biasScale[j] += Math.Abs(delta[i, j]);
                    for (var k = 0; k < input.Cols; k++)
                    {
                        outer[j, k] += delta[i, j] * input[i, k];
                        outerScale[j, k] += Math.Abs(delta[i, j] * input[i, k]);
                    }
                }
            var dW = bp.Gradients.Weight(l);
            var db = bp.Gradients.Bias(l);
            // Summation order differs (GEMM vs this loop): each sum of B terms may differ by B·ε·Σ|terms|.
            var tolerance = (delta.Rows + 1) * Eps;
            var badW = Enumerable.Range(0, dW.Length).Count(e =>
                Math.Abs(dW.Span[e] - outer[e / dW.Cols, e % dW.Cols]) > tolerance * outerScale[e / dW.Cols, e % dW.Cols]);
            var badB = Enumerable.Range(0, db.Cols).Count(j => Math.Abs(db[0, j] - bias[j]) > tolerance * biasScale[j]);
            result = result.And((dW.Rows == delta.Cols && dW.Cols == input.Cols && badW == 0 && badB == 0)
                .Label($"{spec}: layer {l}, {badW} weight and {badB} bias entries off"));
        }
        return result;
    }

    [Property]
    public Property Batch_gradient_is_the_mean_of_single_sample_gradients(NetSpec spec)
    {
        var (net, x, t) = (spec.Network<double>(), spec.Inputs<double>(), spec.Targets<double>());
        var batch = Grad.Backward(net, Network.Forward(net, x), t, spec.Loss);
        var mean = batch.Leaves.Select(leaf => new double[leaf.Length]).ToArray();
        var scale = batch.Leaves.Select(leaf => new double[leaf.Length]).ToArray();
        for (var i = 0; i < x.Rows; i++)
        {
            var (xi, ti) = (x.SliceRows(i, 1), t.SliceRows(i, 1));
            var single = Grad.Backward(net, Network.Forward(net, xi), ti, spec.Loss);
            for (var leaf = 0; leaf < single.Count; leaf++)
                for (var e = 0; e < single[leaf].Length; e++)
                {
                    mean[leaf][e] += single[leaf].Span[e] / x.Rows;
                    scale[leaf][e] += Math.Abs(single[leaf].Span[e]) / x.Rows;
                }
        }
        // Batch and single-row passes round differently, and cancellation inside a pass (a softmax
        // backward, a sum of mixed signs) can make one entry's rounding large next to that entry;
        // so compare against the largest gradient of the network: on 40,000 generated cases the
        // worst was 29ε, and a real mistake (a lost 1/B, a wrong row) is of the gradient's own size.
        const double tolerance = 1e-13; // ≈ 450ε
        var (worstDiff, largest) = (0.0, 0.0);
        for (var leaf = 0; leaf < batch.Count; leaf++)
            for (var e = 0; e < batch[leaf].Length; e++)
            {
                worstDiff = Math.Max(worstDiff, Math.Abs(batch[leaf].Span[e] - mean[leaf][e]));
                largest = Math.Max(largest, scale[leaf][e]);
            }
        var worst = worstDiff == 0 ? 0 : worstDiff / largest;
        return (worst <= tolerance).Label($"{spec}: max |g − mean g_i| / max mean |g_i| = {worst}");
    }
}
