using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// What a training step allocates: the new parameter sets purity needs (gradients, the
/// optimizer's new moments and updates, the new parameters) and the batch's outputs, plus a
/// small constant for records; nothing per element and no scratch per batch (that is rented
/// and returned inside the step).
/// </summary>
public class AllocationExamples
{
    private static long BytesPerStep(int[] sizes, int batch, IGradientTransform optimizer)
    {
        var s = new Sampler(Rng.FromSeed(1));
        var x = Matrix<float>.Build(batch, sizes[0], (_, _) => (float)s.NextDouble());
        var t = OneHot.Encode<float>(Enumerable.Range(0, batch).Select(i => i % sizes[^1]).ToArray(), sizes[^1]);
        var net = Init.Network<float>(sizes, Activation.Relu, Activation.Softmax, Initializer.HeUniform, 1);
        var opt = optimizer.Init(net.Params);
        for (var i = 0; i < 20; i++) (net, opt) = Next(Trainer.Step(net, opt, optimizer, x, t, Loss.CrossEntropy));
        const int steps = 50;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++) (net, opt) = Next(Trainer.Step(net, opt, optimizer, x, t, Loss.CrossEntropy));
        return (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
    }

    private static (Network<float>, OptState) Next(Trainer.StepResult<float> r) => (r.Network, r.Optimizer);

    [Fact]
    public void An_adam_step_allocates_four_parameter_sets_and_the_outputs_and_little_else()
    {
        int[] sizes = [64, 64, 10];
        var paramBytes = 4L * (64 * 64 + 64 + 64 * 10 + 10);
        // the gradients, the new m and v, the new parameters (Adam, −η and + θ in one pass)
        var expected = 4 * paramBytes + 4L * 32 * 10;
        var bytes = BytesPerStep(sizes, 32, Optimizers.Adam(1e-3));
        Assert.InRange(bytes, expected, expected + 6_000);
    }

    [Fact]
    public void What_a_step_allocates_does_not_grow_with_the_batch_beyond_its_outputs()
    {
        int[] sizes = [64, 64, 10];
        var small = BytesPerStep(sizes, 8, Optimizers.Sgd(0.01));
        var large = BytesPerStep(sizes, 256, Optimizers.Sgd(0.01));
        // Only the [batch × 10] output copy grows: 248 more rows of 10 floats (9,920 B), plus at
        // most 2 KB of bookkeeping (a larger product may take the GEMM's parallel path). Per-row
        // or per-element scratch would add 64 KB and more.
        Assert.InRange(large - small, 0, 4 * 248 * 10 + 2048);
    }
}

/// <summary>The trainer's loop allocates nothing the size of the parameters per step, for every built-in optimizer.</summary>
public class LoopAllocationExamples
{
    public static TheoryData<string, bool> Optimizers =>
        new() { { "sgd", false }, { "momentum", false }, { "nesterov", true }, { "adam", false }, { "adam", true }, { "adamw", false }, { "rmsprop", true } };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void An_epoch_of_the_loop_allocates_its_report_and_no_parameter_set_per_step(string name, bool clipAndDecay)
    {
        int[] sizes = [64, 64, 10];
        const int batch = 32, batches = 16;
        var s = new Sampler(Rng.FromSeed(1));
        var labels = Enumerable.Range(0, batch * batches).Select(i => i % 10).ToArray();
        var data = new Dataset<float>("pool", Matrix<float>.Build(batch * batches, 64, (_, _) => (float)s.NextDouble()),
            [.. Enumerable.Range(0, 64).Select(j => $"x{j}")], OneHot.Encode<float>(labels, 10), ["y"],
            [.. Enumerable.Range(0, 10).Select(c => $"{c}")], [.. labels]);
        var optimizer = Mlp.Optim.Optimizers.Create(Mlp.Optim.Optimizers.Parse(name)!.Value, 1e-3,
            weightDecay: clipAndDecay ? 1e-4 : null, clipNorm: clipAndDecay ? 1.0 : null);
        var net = Init.Network<float>(sizes, Activation.Relu, Activation.Softmax, Initializer.HeUniform, 1);
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: int.MaxValue, BatchSize: batch, Shuffle: false)
        {
            Parallelism = Parallelism.Sequential,
        };
        using var epochs = Trainer.Train(net, optimizer, data, config).GetEnumerator();
        for (var i = 0; i < 3; i++) epochs.MoveNext();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 4; i++) epochs.MoveNext();
        var perEpoch = (GC.GetAllocatedBytesForCurrentThread() - before) / 4;
        var paramBytes = 4L * (64 * 64 + 64 + 64 * 10 + 10);
        // The report's fresh copies of θ and at most two moments, then per step the batch's
        // outputs and a few small records; one parameter set per step would add 16 × 19 KB.
        var allowed = 3 * paramBytes + batches * (4L * batch * 10 + 4_096);
        Assert.True(perEpoch < allowed, $"{name}: {perEpoch} bytes per epoch, allowed {allowed} (a parameter set is {paramBytes})");
    }
}
