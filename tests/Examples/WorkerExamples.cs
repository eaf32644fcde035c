using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// The helper threads: small networks never pay for them, big products use them, shared-out work
/// runs every index exactly once and reports a failure on the calling thread, and a program can
/// tell how long they live and release them. Each test has a pool of its own.
/// </summary>
/// <remarks>Alone in its collection: other tests' products running at the same time would blur the
/// rest rule's timing.</remarks>
[Collection(nameof(WorkerExamples))]
public class WorkerExamples
{
    private static long HandOffsPerStep(int[] sizes, int batch)
    {
        using var pool = new WorkerPool();
        var parallelism = new Parallelism(2, pool);
        var s = new Sampler(Rng.FromSeed(4));
        var x = Matrix<float>.Build(batch, sizes[0], (_, _) => (float)s.NextDouble());
        var t = OneHot.Encode<float>(Enumerable.Range(0, batch).Select(i => i % sizes[^1]).ToArray(), sizes[^1]);
        var net = Init.Network<float>(sizes, Activation.Relu, Activation.Softmax, Initializer.HeUniform, 1);
        var adam = Optimizers.Adam(1e-3);
        var opt = adam.Init(net.Params);
        for (var i = 0; i < 10; i++)
        {
            var r = Trainer.Step(net, opt, adam, x, t, Loss.CrossEntropy, parallelism);
            (net, opt) = (r.Network, r.Optimizer);
        }
        return pool.Invitations;
    }

    [Fact]
    public void A_4_16_3_step_hands_no_work_to_another_thread()
    {
        Assert.Equal(0, HandOffsPerStep([4, 16, 3], 16));
        Assert.Equal(0, HandOffsPerStep([2, 2, 1], 4));
    }

    [Fact]
    public void A_784_256_128_10_step_shares_its_products_with_helpers()
    {
        // With AVX2 the big products are shared (4 or more per step); without it they take the
        // portable, single-thread path, and only Adam's update of the 784×256 leaf is shared.
        var perStep = GemmDispatch.Accelerated ? 4 : 1;
        Assert.True(HandOffsPerStep([784, 256, 128, 10], 128) >= 10 * perStep);
    }

    [Fact]
    public void One_thread_never_hands_off_whatever_the_product()
    {
        using var pool = new WorkerPool();
        var a = Matrix<float>.Build(256, 256, (i, j) => i - j);
        Gemm.Multiply(a, a, new Parallelism(1, pool));
        Assert.Equal(0, pool.Invitations);
        Assert.Equal(0, pool.LiveHelpers);
    }

    [Fact]
    public void Shared_out_work_runs_every_index_once()
    {
        using var pool = new WorkerPool();
        var counts = new int[1000];
        pool.For(counts.Length, 3, i => Interlocked.Increment(ref counts[i]));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void A_failure_in_shared_out_work_reaches_the_caller()
    {
        using var pool = new WorkerPool();
        var e = Assert.Throws<InvalidOperationException>(() =>
            pool.For(64, 2, i => { if (i == 37) throw new InvalidOperationException("index 37"); }));
        Assert.Equal("index 37", e.Message);
    }

    // Index 0 is the caller's (it claims first); a helper that claims index 1 then stalls for
    // far longer than the caller worked is a strike.
    private static bool RanOnAHelper(WorkerPool pool, TimeSpan callerWork, TimeSpan helperStall)
    {
        var caller = Environment.CurrentManagedThreadId;
        var helped = false;
        pool.For(2, 2, i =>
        {
            if (Environment.CurrentManagedThreadId == caller) Thread.Sleep(callerWork);
            else { helped = true; Thread.Sleep(helperStall); }
        });
        return helped;
    }

    [Fact]
    public void Helpers_that_keep_the_caller_waiting_rest_and_then_come_back()
    {
        using var pool = new WorkerPool();
        // Stalls in a row (each helper turn takes 20 ms while the caller works 5 ms); a turn the
        // helper misses (it is still starting, say) is no stall and starts the count again ...
        for (var attempt = 0; attempt < 20 && !pool.Resting; attempt++)
            RanOnAHelper(pool, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
        // ... and the next shared-out work runs on the caller alone,
        Assert.True(pool.Resting);
        Assert.False(RanOnAHelper(pool, TimeSpan.FromMilliseconds(2), TimeSpan.Zero));
        // until the rest is over.
        Thread.Sleep(Tuning.HelperRest + TimeSpan.FromMilliseconds(20));
        Assert.False(pool.Resting);
        Assert.True(RanOnAHelper(pool, TimeSpan.FromMilliseconds(20), TimeSpan.Zero));
    }

    [Fact]
    public void Helpers_exit_when_idle_and_come_back_when_work_does()
    {
        using var pool = new WorkerPool(idleTimeout: TimeSpan.FromMilliseconds(50));
        Assert.True(RanOnAHelper(pool, TimeSpan.FromMilliseconds(20), TimeSpan.Zero));
        Assert.Equal(1, pool.LiveHelpers);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (pool.LiveHelpers > 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Equal(0, pool.LiveHelpers);
        Assert.True(RanOnAHelper(pool, TimeSpan.FromMilliseconds(20), TimeSpan.Zero));
        Assert.Equal(1, pool.LiveHelpers);
    }

    [Fact]
    public void A_pool_lends_no_more_helpers_than_the_cores_and_can_release_them()
    {
        using var pool = new WorkerPool();
        var a = Matrix<float>.Build(512, 512, (i, j) => (i * 7 + j) % 13);
        var expected = Gemm.Multiply(a, a, Parallelism.Sequential);
        Assert.Equal(expected, Gemm.Multiply(a, a, new Parallelism(64, pool)));
        Assert.InRange(pool.LiveHelpers, 1, WorkerPool.MaxHelpers);
        pool.Release();
        Assert.Equal(0, pool.LiveHelpers);
        Assert.Equal(expected, Gemm.Multiply(a, a, new Parallelism(2, pool)));
        Assert.Equal(1, pool.LiveHelpers); // released helpers come back when needed
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(TimeSpan.FromSeconds(-5)));
    }

    [Fact]
    public void Disposing_the_shared_pool_only_releases_its_helpers()
    {
        var a = Matrix<float>.Build(512, 512, (i, j) => (i + j) % 5);
        WorkerPool.Shared.Dispose();
        var before = WorkerPool.Shared.Invitations;
        Gemm.Multiply(a, a, new Parallelism(2));
        Assert.True(WorkerPool.Shared.Invitations > before);
    }

    [Fact]
    public void A_disposed_pool_has_no_threads_and_its_products_give_the_same_bits()
    {
        var pool = new WorkerPool();
        var s = new Sampler(Rng.FromSeed(9));
        var a = Matrix<float>.Build(192, 300, (_, _) => (float)s.NextDouble());
        var b = Matrix<float>.Build(300, 200, (_, _) => (float)s.NextDouble());
        var shared = Gemm.Multiply(a, b, new Parallelism(2, pool));
        Assert.True(pool.Invitations > 0);
        Assert.True(pool.LiveHelpers > 0);
        pool.Dispose();
        Assert.Equal(0, pool.LiveHelpers);
        var before = pool.Invitations;
        Assert.Equal(shared, Gemm.Multiply(a, b, new Parallelism(2, pool)));
        Assert.Equal(before, pool.Invitations);
        Assert.Equal(0, pool.LiveHelpers);
    }
}

/// <summary>Runs <see cref="WorkerExamples"/> with no other test class at the same time.</summary>
[CollectionDefinition(nameof(WorkerExamples), DisableParallelization = true)]
public class WorkerExamplesCollection;
