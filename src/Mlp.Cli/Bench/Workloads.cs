using System.Collections.Immutable;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Cli.Bench;

/// <summary>One benchmark: a name, the unit of its figure, and how to turn seconds per call into it.</summary>
public sealed record Workload(string Name, string Unit, string Description, Func<Parallelism, Action> Prepare, Func<double, double> Figure)
{
    /// <summary>Whether a larger figure is better (throughput) or worse (latency).</summary>
    public bool HigherIsBetter => Unit != "us/batch";
}

/// <summary>
/// The workloads of shared/bench/README.md, built as the peer builds them: training on a pool of
/// 16 random batches (epochs of the trainer's loop; pure steps on XOR for <c>e</c>), forward
/// passes on a pool of 8 random batches,
/// and the GEMM shapes of workload a's first layer plus 2048².
/// </summary>
public static class Workloads
{
    /// <summary>Every workload, in the README's order.</summary>
    public static IReadOnlyList<Workload> All { get; } =
    [
        Train("a", [784, 256, 128, 10], 128),
        Train("b", [784, 256, 128, 10], 32),
        Train("c", [64, 64, 10], 32),
        Train("d", [4, 16, 3], 16),
        Xor(),
        .. Infer(1),
        .. Infer(1024),
        Gemm("gemm_2048", 2048, 2048, 2048, Transpose.No, Transpose.No),
        Gemm("gemm_fwd_XWt_128x784x256", 128, 784, 256, Transpose.No, Transpose.Yes),
        Gemm("gemm_bwd_dX_128x256x784", 128, 256, 784, Transpose.No, Transpose.No),
        Gemm("gemm_bwd_dW_256x128x784", 256, 128, 784, Transpose.Yes, Transpose.No),
    ];

    /// <summary>The groups <c>--only</c> accepts: load (reading a CSV file, <see cref="LoadWorkload"/>) a b c d e infer1 infer1024 gemm.</summary>
    public static readonly ImmutableArray<string> Groups = ["load", "a", "b", "c", "d", "e", "infer1", "infer1024", "gemm"];

    /// <summary>Whether a workload belongs to a group named on <c>--only</c>.</summary>
    public static bool InGroup(Workload w, string group) =>
        w.Name == group || w.Name.StartsWith(group + "_", StringComparison.Ordinal) || (group == "gemm" && w.Name.StartsWith("gemm", StringComparison.Ordinal));

    // The trainer's own loop (what `mlp train` runs): one call is one epoch over the 16 pooled
    // batches, in order, ending with the epoch's report (a fresh copy of the network and state).
    private static Workload Train(string name, int[] sizes, int batch) => new(name, "samples/s",
        $"{string.Join("-", sizes)} relu/softmax, batch {batch}, cross-entropy, Adam 1e-3; a call is an epoch of 16 batches",
        parallelism =>
        {
            var net = Init.Network<float>(sizes, Activation.Relu, Activation.Softmax, Initializer.HeUniform, seed: 0);
            var pool = Pool(16, batch, sizes[0], sizes[^1], seed: 1);
            var data = new Dataset<float>("pool", Stack(pool.Select(p => p.X)), [.. Enumerable.Range(0, sizes[0]).Select(j => $"x{j}")],
                Stack(pool.Select(p => p.T)), ["y"], [.. Enumerable.Range(0, sizes[^1]).Select(c => $"{c}")],
                [.. pool.SelectMany(p => OneHot.Decode(p.T))]);
            var epochs = Trainer.Train(net, Optimizers.Adam(1e-3), data,
                new TrainConfig(Loss.CrossEntropy, Epochs: int.MaxValue, BatchSize: batch, Shuffle: false) { Parallelism = parallelism })
                .GetEnumerator();
            return () => epochs.MoveNext();
        },
        seconds => 16 * batch / seconds);

    private static Workload Xor() => new("e", "steps/s", "2-2-1 sigmoid/sigmoid, XOR full batch, mse, SGD 0.5",
        parallelism =>
        {
            var net = Init.Network<float>([2, 2, 1], Activation.Sigmoid, Activation.Sigmoid, Initializer.XavierUniform, seed: 0);
            var x = Matrix<float>.FromRows([0f, 0], [0f, 1], [1f, 0], [1f, 1]);
            var t = Matrix<float>.FromRows([0f], [1f], [1f], [0f]);
            return Stepper(net, Optimizers.Sgd(0.5), [(x, t)], Loss.Mse, parallelism);
        },
        seconds => 1 / seconds);

    // A closure over the training state: each call is one optimizer step on the next batch.
    private static Action Stepper(Network<float> net, IGradientTransform optimizer, (Matrix<float> X, Matrix<float> T)[] pool, Loss loss,
        Parallelism parallelism)
    {
        var opt = optimizer.Init(net.Params);
        var i = 0;
        return () =>
        {
            var (x, t) = pool[i++ % pool.Length];
            var step = Trainer.Step(net, opt, optimizer, x, t, loss, parallelism);
            (net, opt) = (step.Network, step.Optimizer);
        };
    }

    private static IEnumerable<Workload> Infer(int batch)
    {
        Func<Parallelism, Action> prepare = parallelism =>
        {
            var net = Init.Network<float>([784, 256, 128, 10], Activation.Relu, Activation.Softmax, Initializer.HeUniform, seed: 0);
            var pool = Pool(8, batch, 784, 10, seed: 2);
            var i = 0;
            return () => Network.Predict(net, pool[i++ % pool.Length].X, parallelism);
        };
        var description = $"784-256-128-10 forward, batch {batch}";
        yield return new Workload($"infer{batch}", "samples/s", description, prepare, seconds => batch / seconds);
        yield return new Workload($"infer{batch}", "us/batch", description, prepare, seconds => seconds * 1e6);
    }

    private static Workload Gemm(string name, int m, int k, int n, Transpose ta, Transpose tb) => new(name, "GFLOP/s",
        $"C[{m}×{n}] = op(A)·op(B), k = {k}" + (ta == Transpose.Yes ? ", A transposed" : "") + (tb == Transpose.Yes ? ", B transposed" : ""),
        parallelism =>
        {
            var s = new Sampler(Rng.FromSeed(3));
            var a = ta == Transpose.No ? Random(m, k, ref s) : Random(k, m, ref s);
            var b = tb == Transpose.No ? Random(k, n, ref s) : Random(n, k, ref s);
            return () => Tensors.Gemm.Multiply(a, ta, b, tb, parallelism);
        },
        seconds => 2.0 * m * n * k / seconds / 1e9);

    private static (Matrix<float> X, Matrix<float> T)[] Pool(int count, int batch, int inputs, int classes, long seed)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var x = Random(batch, inputs, ref s);
            var labels = new int[batch];
            for (var i = 0; i < batch; i++) labels[i] = s.NextInt(classes);
            return (x, OneHot.Encode<float>(labels, classes));
        })];
    }

    // The rows of several matrices, one after the other.
    private static Matrix<float> Stack(IEnumerable<Matrix<float>> parts)
    {
        var list = parts.ToList();
        var data = new List<float>();
        foreach (var m in list) data.AddRange(m.Data);
        return Matrix<float>.Create(list.Sum(m => m.Rows), list[0].Cols, [.. data]);
    }

    private static Matrix<float> Random(int rows, int cols, ref Sampler s)
    {
        var data = new float[rows * cols];
        for (var i = 0; i < data.Length; i++) data[i] = (float)s.NextDouble();
        return Matrix<float>.Create(rows, cols, data);
    }
}
