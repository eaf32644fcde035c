using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Many trainings through the library at once, as a server or a hyper-parameter search runs them:
/// 64 runs on <see cref="Parallel.For(int, int, Action{int})"/>, each with its own thread setting
/// and helpers (the shared pool, a pool several runs share, a pool of its own), give the bits each
/// gives alone on one thread: nothing leaks from one run into another. Afterwards no helper
/// thread is left awake, and the pools' helpers exit when idle.
/// </summary>
/// <remarks>In the workers' collection, alone: it counts the shared pool's helpers, which other tests would wake.</remarks>
[Collection(nameof(WorkerExamples))]
public class ConcurrencyExamples
{
    private const int Runs = 64;

    // Half the runs are wide enough (64 rows × 128 inputs × 256 units a product) that their
    // products are shared out with helpers; the others go through the pipeline on iris, too small to share.
    private static readonly Dataset<float> Wide = RandomData(seed: 5);
    private static readonly Dataset<float> Iris = BuiltIn.Iris<float>();

    private static Dataset<float> RandomData(int seed)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        const int n = 160, d = 128, k = 4;
        var x = Matrix<float>.Build(n, d, (_, _) => (float)s.Normal());
        var labels = Enumerable.Range(0, n).Select(i => (int)(Math.Abs(x[i, 0] + x[i, 1]) * 2) % k).ToArray();
        return new Dataset<float>("random", x, [.. Enumerable.Range(0, d).Select(j => $"x{j}")], OneHot.Encode<float>(labels, k), ["y"],
            [.. Enumerable.Range(0, k).Select(c => $"{c}")], [.. labels]);
    }

    // Run i: its network and every epoch's losses, trained with `parallelism`.
    private static (Network<float> Network, double[] Losses) Run(int i, Parallelism parallelism)
    {
        if (i % 2 == 0)
        {
            var options = FitOptions.Defaults with
            {
                Hidden = [4 + i % 5], Epochs = 3, Seed = i, Optimizer = Optimizers.All[i % Optimizers.All.Count], Parallelism = parallelism,
            };
            var fitted = Fitting.Fit(Iris, options).Match(f => f, e => throw new Xunit.Sdk.XunitException(e.Message));
            return (fitted.Model.Network, [.. fitted.Reports.Select(r => r.ValidLoss ?? r.TrainLoss)]);
        }
        var net = Init.Network<float>([128, 256, 4], Activation.Relu, Activation.Softmax, Initializer.HeUniform, seed: i);
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 2, BatchSize: 64, Seed: i) { Parallelism = parallelism };
        var reports = Trainer.Train(net, Optimizers.Adam(0.01), Wide, config).ToList();
        return (reports[^1].Network, [.. reports.Select(r => r.TrainLoss)]);
    }

    [Fact]
    public void Sixty_four_trainings_at_once_give_the_bits_of_each_alone_and_leave_no_helper_awake()
    {
        var alone = Enumerable.Range(0, Runs).Select(i => Run(i, Parallelism.Sequential)).ToArray();

        using var sharedByEight = new WorkerPool();
        var own = Enumerable.Range(0, Runs).Select(_ => new WorkerPool(idleTimeout: TimeSpan.FromMilliseconds(200))).ToArray();
        try
        {
            // Threads 1 to 4; helpers from the shared pool, from one pool shared by a few runs, or from a pool of the run's own.
            Parallelism Setting(int i) => new(1 + i % 4, (i / 4 % 3) switch { 0 => WorkerPool.Shared, 1 => sharedByEight, _ => own[i] });
            var together = new (Network<float> Network, double[] Losses)[Runs];
            Parallel.For(0, Runs, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => together[i] = Run(i, Setting(i)));

            for (var i = 0; i < Runs; i++)
            {
                Assert.True(alone[i].Network.Equals(together[i].Network), $"run {i}: another network when run with others");
                Assert.Equal(alone[i].Losses, together[i].Losses);
            }
            var pools = new[] { WorkerPool.Shared, sharedByEight }.Concat(own).ToArray();
            Assert.True(pools.Sum(p => p.Invitations) > 0, "no run shared its products out: the test would prove nothing");

            // Helpers spin 200 µs after their last piece of work, then sleep; none may be left awake.
            Assert.True(Eventually(() => pools.All(p => p.BusyHelpers == 0), TimeSpan.FromSeconds(2)),
                $"helpers still awake: {string.Join(", ", pools.Select(p => p.BusyHelpers).Where(b => b > 0))}");
            // And a pool's sleeping helpers exit once idle for its timeout.
            Assert.True(Eventually(() => own.All(p => p.LiveHelpers == 0), TimeSpan.FromSeconds(5)),
                $"helpers still alive: {own.Sum(p => p.LiveHelpers)}");
        }
        finally
        {
            foreach (var pool in own) pool.Dispose();
        }
    }

    private static bool Eventually(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(5);
        }
        return true;
    }
}
