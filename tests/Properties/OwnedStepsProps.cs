using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Properties;

/// <summary>
/// The trainer's loop writes each step of every built-in optimizer into private buffers instead
/// of fresh parameter sets; every epoch report (network, optimizer state, losses, the divergence
/// rule's kept network) must be bit for bit what the pure step gives.
/// </summary>
public class OwnedStepsProps
{
    /// <summary>The same optimizer hidden behind a wrapper, so the trainer takes its pure path.</summary>
    private sealed record Opaque(IGradientTransform Inner) : IGradientTransform
    {
        public OptState Init<T>(ParamSet<T> p) where T : System.Numerics.IFloatingPointIeee754<T> => Inner.Init(p);

        public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> p)
            where T : System.Numerics.IFloatingPointIeee754<T> => Inner.Update(updates, state, p);
    }

    private static Dataset<float> Data(int seed, int n, int d, int k)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var x = new float[n * d];
        for (var i = 0; i < x.Length; i++) x[i] = (float)s.Normal();
        var labels = Enumerable.Range(0, n).Select(i => (int)(Math.Abs(x[i * d]) * 3) % k).ToArray();
        return new Dataset<float>("random", Matrix<float>.Create(n, d, x), [.. Enumerable.Range(0, d).Select(j => $"x{j}")],
            OneHot.Encode<float>(labels, k), ["y"], [.. Enumerable.Range(0, k).Select(c => $"{c}")], [.. labels]);
    }

    [Property(MaxTest = 60, QuietOnSuccess = true)]
    public Property Owned_buffers_give_the_reports_of_the_pure_step() =>
        Prop.ForAll((
            from seed in Gen.Choose(0, 100_000)
            from n in Gen.Choose(5, 80)
            from d in Gen.Choose(1, 40)
            from hidden in Gen.Choose(1, 48)
            from k in Gen.Choose(2, 4)
            from kind in Gen.Elements(Optimizers.All.ToArray())
            from decay in Gen.Elements(0.0, 0.01)
            from clip in Gen.Elements<double?>(null, 0.5)
            from lr in Gen.Elements(0.01, 0.3, 1e30)
            from batch in Gen.Choose(1, 40)
            from epochs in Gen.Choose(1, 3)
            from valid in Gen.Elements(0.0, 0.25)
            from act in Gen.Elements(Activation.Relu, Activation.Tanh)
            select (seed, n, d, hidden, k, kind, decay, clip, lr, batch, epochs, valid, act)).ToArbitrary(),
            c =>
            {
                var (data, valid) = Split.HoldOut(Data(c.seed, c.n, c.d, c.k), c.valid, c.seed);
                var net = Init.Network<float>([c.d, c.hidden, c.k], c.act, Activation.Softmax, Initializer.HeUniform, c.seed);
                var optimizer = Optimizers.Create(c.kind, c.lr, weightDecay: c.decay > 0 ? c.decay : null, clipNorm: c.clip);
                var config = new TrainConfig(Loss.CrossEntropy, c.epochs, c.batch, Seed: c.seed);
                var owned = Trainer.Train(net, optimizer, data, config, valid).ToList();
                var pure = Trainer.Train(net, new Opaque(optimizer), data, config, valid).ToList();
                var same = owned.Count == pure.Count && owned.Zip(pure).All(p =>
                    p.Item1.State.Network.Equals(p.Item2.State.Network) && p.Item1.State.Optimizer.Equals(p.Item2.State.Optimizer)
                    && p.Item1.State.Best.Equals(p.Item2.State.Best) && p.Item1.Stop == p.Item2.Stop
                    && p.Item1.TrainLoss.Equals(p.Item2.TrainLoss) && Nullable.Equals(p.Item1.TrainAccuracy, p.Item2.TrainAccuracy)
                    && Nullable.Equals(p.Item1.ValidLoss, p.Item2.ValidLoss));
                return same.Label($"{c.kind.Name()} lr {c.lr} decay {c.decay} clip {c.clip}, {owned.Count} reports, last stop {owned[^1].Stop}");
            });

    // Long enough for the thread tuner's trials (steps on one thread), on products big enough to
    // be shared out otherwise: the bits stay those of the pure step.
    [Fact]
    public void Steps_the_tuner_runs_on_one_thread_change_no_bit()
    {
        var data = Data(11, 640, 128, 5);
        var net = Init.Network<float>([128, 256, 5], Activation.Relu, Activation.Softmax, Initializer.HeUniform, 11);
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 2 * (ThreadTuner.Period + ThreadTuner.Trial) / 10 + 1, BatchSize: 64, Seed: 11)
        {
            Parallelism = new Parallelism(2),
        };
        var owned = Trainer.Train(net, Optimizers.Adam(1e-3), data, config).Last();
        var pure = Trainer.Train(net, new Opaque(Optimizers.Adam(1e-3)), data, config).Last();
        Assert.Equal(pure.State, owned.State);
    }

    [Fact]
    public void Every_built_in_optimizer_takes_the_owned_loop_and_a_foreign_transform_the_pure_one()
    {
        var net = Init.Network<float>([3, 4, 2], Activation.Relu, Activation.Softmax, Initializer.HeUniform, 1);
        var state = new TrainConfig(Loss.CrossEntropy, 1);
        bool Owned(IGradientTransform o)
        {
            using var path = StepPath<float>.For(o, Trainer.Start(net, o, state), state, 4, 3);
            return path is OwnedSteps<float>;
        }
        foreach (var kind in Optimizers.All)
        {
            Assert.True(Owned(Optimizers.Create(kind, 0.1)), kind.Name());
            Assert.True(Owned(Optimizers.Create(kind, 0.1, weightDecay: 0.01, clipNorm: 1)), kind.Name());
        }
        Assert.False(Owned(new Opaque(Optimizers.Adam(0.01))));
        Assert.False(Owned(new Chain([new Opaque(new Scale(2)), new ScaleByLearningRate(0.1)])));
    }
}
