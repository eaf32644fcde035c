using System.Collections.Immutable;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>The trainer as people use it: epochs, batches, validation, early stopping, resume.</summary>
public class TrainerExamples
{
    // Three Gaussian blobs in 2-D, 3 classes, n rows: a small, learnable classification set.
    internal static Dataset<float> Blobs(int n, long seed, double spread = 1)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var x = new float[n * 2];
        var labels = new int[n];
        double[][] centres = [[0, 3], [3, -2], [-3, -2]];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % 3;
            x[2 * i] = (float)(centres[labels[i]][0] + spread * s.Normal());
            x[2 * i + 1] = (float)(centres[labels[i]][1] + spread * s.Normal());
        }
        return new Dataset<float>("blobs", Matrix<float>.Create(n, 2, x), ["x1", "x2"],
            OneHot.Encode<float>(labels, 3), ["class"], ["a", "b", "c"], [.. labels]);
    }

    private static Network<float> Net(long seed = 1) =>
        Init.Network<float>([2, 8, 3], Activation.Relu, Activation.Softmax, Initializer.HeUniform, seed);

    [Fact]
    public void Reports_one_epoch_at_a_time_lazily_and_learns()
    {
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 30, BatchSize: 16, Seed: 3);
        var (train, valid) = Split.HoldOut(Blobs(150, 1), 0.2, config.Seed);
        var reports = Trainer.Train(Net(), Optimizers.Adam(0.01), train, config, valid).ToList();
        Assert.Equal(Enumerable.Range(1, 30), reports.Select(r => r.Epoch));
        Assert.Equal(StopReason.Completed, reports[^1].Stop);
        Assert.All(reports.SkipLast(1), r => Assert.Equal(StopReason.None, r.Stop));
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss / 3, "the training loss must fall");
        Assert.True(reports[^1].ValidAccuracy >= 0.95, $"validation accuracy {reports[^1].ValidAccuracy}");
        Assert.All(reports, r => Assert.Equal(0.01, r.LearningRate, 12));
    }

    [Fact]
    public void The_last_smaller_batch_is_a_batch_of_its_own()
    {
        // 10 rows in batches of 4: 4, 4, 2.
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 1, BatchSize: 4, Shuffle: false);
        var events = Trainer.Resume(Trainer.Start(Net(), Optimizers.Sgd(0.1), config), Optimizers.Sgd(0.1),
            Blobs(10, 2), null, config).ToList();
        var batches = events.OfType<TrainEvent<float>.BatchEnd>().ToList();
        Assert.Equal([1, 2, 3], batches.Select(b => b.Batch));
        Assert.All(batches, b => Assert.Equal(3, b.Batches));
        // Without shuffling, the run equals three library SGD steps on rows 0–3, 4–7 and 8–9.
        var data = Blobs(10, 2);
        var net = Net();
        foreach (var (start, count) in new[] { (0, 4), (4, 4), (8, 2) })
        {
            var (_, g) = Grad.ValueAndGrad(net, data.Features.SliceRows(start, count), data.Targets.SliceRows(start, count), Loss.CrossEntropy);
            net = GradientDescent.Step(net, g, 0.1f);
        }
        var last = events.OfType<TrainEvent<float>.EpochEnd>().Single().Report;
        Assert.Equal(net, last.Network);
    }

    [Fact]
    public void Ten_epochs_equal_five_then_a_checkpoint_then_five_more_bit_for_bit()
    {
        var opt = Optimizers.Adam(0.01);
        var ten = new TrainConfig(Loss.CrossEntropy, Epochs: 10, BatchSize: 8, Seed: 11);
        var (data, valid) = Split.HoldOut(Blobs(90, 5), 0.2, ten.Seed);
        var straight = Trainer.Train(Net(), opt, data, ten, valid).Last();
        var five = Trainer.Train(Net(), opt, data, ten with { Epochs = 5 }, valid).Last();
        var resumed = Trainer.EpochsOf(Trainer.Resume(five.State, opt, data, valid, ten)).ToList();
        Assert.Equal(Enumerable.Range(6, 5), resumed.Select(r => r.Epoch));
        Assert.Equal(straight.Network, resumed[^1].Network);
        Assert.Equal(straight.Optimizer, resumed[^1].Optimizer);
        Assert.Equal(straight.State, resumed[^1].State);
        Assert.Equal(straight.TrainLoss, resumed[^1].TrainLoss);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("momentum")]
    [InlineData("rmsprop")]
    public void Resuming_from_a_checkpoint_file_continues_bit_for_bit(string optimizer)
    {
        var opt = Optimizers.Create(Optimizers.Parse(optimizer)!.Value, 0.01, weightDecay: 1e-3, clipNorm: 5);
        var ten = new TrainConfig(Loss.CrossEntropy, Epochs: 10, BatchSize: 8, Seed: 11, Patience: 50);
        var (data, valid) = Split.HoldOut(Blobs(90, 5), 0.2, ten.Seed);
        var straight = Trainer.Train(Net(), opt, data, ten, valid).Last();
        var five = Trainer.Train(Net(), opt, data, ten with { Epochs = 5 }, valid).Last();
        var dir = Directory.CreateTempSubdirectory("mlp-checkpoint-");
        try
        {
            var path = Path.Combine(dir.FullName, "run.ckpt.json");
            Assert.True(Mlp.Io.CheckpointFile.Save(path, five.State, Loss.CrossEntropy).IsSucc);
            Assert.Single(dir.GetFiles()); // no temporary file left behind
            var (state, loss) = Mlp.Io.CheckpointFile.Load<float>(path).Match(s => s, e => throw new Exception(e.Message));
            Assert.Equal(Loss.CrossEntropy, loss);
            Assert.Equal(five.State, state);
            var resumed = Trainer.EpochsOf(Trainer.Resume(state, opt, data, valid, ten)).Last();
            Assert.Equal(straight.State, resumed.State);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        var data = Blobs(60, 5);
        TrainConfig Cfg(long seed) => new(Loss.CrossEntropy, Epochs: 3, BatchSize: 8, Seed: seed);
        var a = Trainer.Train(Net(), Optimizers.Adam(0.01), data, Cfg(1)).Last().Network;
        var b = Trainer.Train(Net(), Optimizers.Adam(0.01), data, Cfg(1)).Last().Network;
        var c = Trainer.Train(Net(), Optimizers.Adam(0.01), data, Cfg(2)).Last().Network;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Early_stopping_hands_back_the_best_network()
    {
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 200, BatchSize: 4, Seed: 1, Patience: 3);
        // Overlapping blobs (noise 2.5) and a large step: the validation loss soon stops improving.
        var (train, valid) = Split.HoldOut(Blobs(60, 9, spread: 2.5), 0.3, config.Seed);
        var reports = Trainer.Train(Net(), Optimizers.Sgd(0.5), train, config, valid).ToList();
        var last = reports[^1];
        Assert.Equal(StopReason.EarlyStopped, last.Stop);
        Assert.True(last.Epoch < 200);
        var best = reports.MinBy(r => r.ValidLoss)!;
        Assert.Equal(best.Epoch, last.State.BestEpoch);
        Assert.Equal(best.Network, last.Best);
        Assert.Equal(3, last.Epoch - last.State.BestEpoch);
    }

    [Fact]
    public void Without_early_stopping_the_best_network_is_still_kept()
    {
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 8, BatchSize: 4, Seed: 1);
        var (train, valid) = Split.HoldOut(Blobs(60, 9), 0.3, config.Seed);
        var reports = Trainer.Train(Net(), Optimizers.Sgd(0.5), train, config, valid).ToList();
        var best = reports.MinBy(r => r.ValidLoss)!;
        Assert.Equal(best.Network, reports[^1].Best);
    }

    [Fact]
    public void A_loss_that_turns_infinite_stops_training_naming_the_epoch_and_batch()
    {
        // MSE on a linear output with a huge learning rate explodes within a few steps.
        var rows = Enumerable.Range(0, 20).Select(i => new[] { (float)i, 1f }).ToArray();
        var data = new Dataset<float>("line", Matrix<float>.FromRows(rows), ["x", "one"],
            Matrix<float>.FromRows([.. rows.Select(r => new[] { 3 * r[0] })]), ["y"], [], []);
        var net = Init.Network<float>([2, 4, 1], Activation.Identity, Activation.Identity, Initializer.XavierUniform, 1);
        var config = new TrainConfig(Loss.Mse, Epochs: 50, BatchSize: 5, Shuffle: false);
        var reports = Trainer.Train(net, Optimizers.Sgd(1.0), data, config).ToList();
        var last = reports[^1];
        Assert.Equal(StopReason.Diverged, last.Stop);
        Assert.Contains($"epoch {last.Epoch}, batch ", last.Message);
        Assert.All(last.Network.Params.Leaves, l => Assert.All(l.Data, v => Assert.True(float.IsFinite(v))));
        // The kept network is the one the last finite loss was measured on, not the one that blew up.
        var (loss, _) = Trainer.Evaluate(last.Network, data, Loss.Mse);
        Assert.True(double.IsFinite(loss), $"the kept network's loss is {loss}");
    }

    [Fact]
    public void A_state_of_another_optimizer_is_refused_at_once_with_its_name()
    {
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 2);
        var momentum = Trainer.Start(Net(), Optimizers.Momentum(0.1), config);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Resume(momentum, Optimizers.Adam(0.01), Blobs(30, 1), null, config));
        Assert.StartsWith("the optimizer state [MomentumState<Single>, ScheduleState] is not a state of Chain [ScaleByAdam", e.Message);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_batch_and_keeps_the_network()
    {
        using var cts = new CancellationTokenSource();
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 5, BatchSize: 10);
        var events = new List<TrainEvent<float>>();
        var start = Trainer.Start(Net(), Optimizers.Adam(0.01), config);
        foreach (var e in Trainer.Resume(start, Optimizers.Adam(0.01), Blobs(60, 3), null, config, cts.Token))
        {
            events.Add(e);
            if (e is TrainEvent<float>.BatchEnd { Epoch: 2, Batch: 3 }) cts.Cancel();
        }
        var last = ((TrainEvent<float>.EpochEnd)events[^1]).Report;
        Assert.Equal(StopReason.Cancelled, last.Stop);
        Assert.Equal(2, last.Epoch);
        Assert.Equal(9, events.Count(e => e is TrainEvent<float>.BatchEnd));
        Assert.NotEqual(start.Network, last.Network);
    }
}
