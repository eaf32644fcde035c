using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// The helper threads: small networks never pay for them, big products use them, and shared-out
/// work runs every index exactly once and reports a failure on the calling thread.
/// </summary>
public class WorkerExamples
{
    private static long HandOffsPerStep(int[] sizes, int batch)
    {
        var s = new Sampler(Rng.FromSeed(4));
        var x = Matrix<float>.Build(batch, sizes[0], (_, _) => (float)s.NextDouble());
        var t = OneHot.Encode<float>(Enumerable.Range(0, batch).Select(i => i % sizes[^1]).ToArray(), sizes[^1]);
        var net = Init.Network<float>(sizes, Activation.Relu, Activation.Softmax, Initializer.HeUniform, 1);
        var adam = Optimizers.Adam(1e-3);
        var opt = adam.Init(net.Params);
        var before = Workers.InvitedFromThisThread;
        for (var i = 0; i < 10; i++)
        {
            var r = Trainer.Step(net, opt, adam, x, t, Loss.CrossEntropy);
            (net, opt) = (r.Network, r.Optimizer);
        }
        return Workers.InvitedFromThisThread - before;
    }

    [Fact]
    public void A_4_16_3_step_hands_no_work_to_another_thread()
    {
        if (Gemm.MaxDegreeOfParallelism < 2) Gemm.MaxDegreeOfParallelism = 2;
        Assert.Equal(0, HandOffsPerStep([4, 16, 3], 16));
        Assert.Equal(0, HandOffsPerStep([2, 2, 1], 4));
    }

    [Fact]
    public void A_784_256_128_10_step_shares_its_products_with_helpers()
    {
        if (Gemm.MaxDegreeOfParallelism < 2) Gemm.MaxDegreeOfParallelism = 2;
        Assert.True(HandOffsPerStep([784, 256, 128, 10], 128) >= 10 * 4);
    }

    [Fact]
    public void Shared_out_work_runs_every_index_once()
    {
        var counts = new int[1000];
        Workers.For(counts.Length, 3, i => Interlocked.Increment(ref counts[i]));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void A_failure_in_shared_out_work_reaches_the_caller()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Workers.For(64, 2, i => { if (i == 37) throw new InvalidOperationException("index 37"); }));
        Assert.Equal("index 37", e.Message);
    }
}
