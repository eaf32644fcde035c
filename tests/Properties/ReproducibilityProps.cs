using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Training is a function of its inputs and seed only: the thread count of the matrix
/// products never changes a bit, because work is split over output tiles only.
/// </summary>
public class ReproducibilityProps
{
    // Wide enough (batch 64 × 128 inputs × 256 units ≈ 2M multiply-adds, 4M flops, per product) that the
    // GEMM takes its parallel path when it may use more than one thread.
    private static Dataset<float> Data(int seed)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        const int n = 192, d = 128, k = 5;
        var x = new float[n * d];
        for (var i = 0; i < x.Length; i++) x[i] = (float)s.Normal();
        var labels = Enumerable.Range(0, n).Select(i => (int)(Math.Abs(x[i * d] + x[i * d + 1]) * 2) % k).ToArray();
        return new Dataset<float>("random", Matrix<float>.Create(n, d, x), [.. Enumerable.Range(0, d).Select(j => $"x{j}")],
            OneHot.Encode<float>(labels, k), ["y"], [.. Enumerable.Range(0, k).Select(c => $"{c}")], [.. labels]);
    }

    private static EpochReport<float> Train(int threads, int seed, string optimizer)
    {
        var net = Init.Network<float>([128, 256, 5], Activation.Gelu, Activation.Softmax, Initializer.XavierNormal, seed);
        var opt = Optimizers.Create(Optimizers.Parse(optimizer)!.Value, 0.01);
        var (train, valid) = Split.HoldOut(Data(seed), 0.25, seed);
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 2, BatchSize: 64, Seed: seed) { Parallelism = new Parallelism(threads) };
        return Trainer.Train(net, opt, train, config, valid).Last();
    }

    [Property(MaxTest = 20, QuietOnSuccess = true)]
    public Property Same_seed_gives_the_same_network_with_one_thread_and_with_several() =>
        Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), Gen.Elements("adam", "nesterov", "rmsprop").ToArbitrary(),
            Gen.Elements(2, 3, 4).ToArbitrary(),
            (seed, optimizer, threads) =>
            {
                var one = Train(1, seed, optimizer);
                var many = Train(threads, seed, optimizer);
                return one.State.Equals(many.State) && one.TrainLoss.Equals(many.TrainLoss) && one.ValidLoss.Equals(many.ValidLoss);
            });
}
