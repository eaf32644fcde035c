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
/// <remarks>Alone in its collection: helpers are shared by the whole process, and other tests'
/// products running at the same time would blur the rest rule's timing.</remarks>
[Collection(nameof(WorkerExamples))]
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
        // With AVX2 the big products are shared (4 or more per step); without it they take the
        // portable, single-thread path, and only Adam's update of the 784×256 leaf is shared.
        var perStep = GemmDispatch.Accelerated ? 4 : 1;
        Assert.True(HandOffsPerStep([784, 256, 128, 10], 128) >= 10 * perStep);
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

    // Index 0 is the caller's (it claims first); a helper that claims index 1 then stalls for
    // far longer than the caller worked is a strike.
    private static bool RanOnAHelper(TimeSpan callerWork, TimeSpan helperStall)
    {
        var caller = Environment.CurrentManagedThreadId;
        var helped = false;
        Workers.For(2, 2, i =>
        {
            if (Environment.CurrentManagedThreadId == caller) Thread.Sleep(callerWork);
            else { helped = true; Thread.Sleep(helperStall); }
        });
        return helped;
    }

    [Fact]
    public void Helpers_that_keep_the_caller_waiting_rest_and_then_come_back()
    {
        // Stalls in a row (each helper turn takes 20 ms while the caller works 5 ms); a turn the
        // helper misses (it is still starting, say) is no stall and starts the count again ...
        for (var attempt = 0; attempt < 20 && !Workers.Resting; attempt++)
            RanOnAHelper(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
        // ... and the next shared-out work runs on the caller alone,
        Assert.True(Workers.Resting);
        Assert.False(RanOnAHelper(TimeSpan.FromMilliseconds(2), TimeSpan.Zero));
        // until the rest is over.
        Thread.Sleep(Workers.Rest + TimeSpan.FromMilliseconds(20));
        Assert.False(Workers.Resting);
        Assert.True(RanOnAHelper(TimeSpan.FromMilliseconds(20), TimeSpan.Zero));
    }
}

/// <summary>Runs <see cref="WorkerExamples"/> with no other test class at the same time.</summary>
[CollectionDefinition(nameof(WorkerExamples), DisableParallelization = true)]
public class WorkerExamplesCollection;
