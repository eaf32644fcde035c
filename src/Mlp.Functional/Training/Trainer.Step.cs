using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>One optimizer step, and scoring a network on a data set.</summary>
public static partial class Trainer
{
    /// <summary>The result of one optimizer step on one mini-batch.</summary>
    public sealed record StepResult<T>(double Loss, Matrix<T> Output, Network<T> Network, OptState Optimizer)
        where T : IFloatingPointIeee754<T>;

    /// <summary>
    /// One mini-batch step: forward, loss, backward, optimizer update, apply. Returns the batch
    /// loss (before the update), the batch's outputs, and the new network and optimizer state.
    /// A non-finite loss returns the inputs unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The batch does not fit the network.</exception>
    [Pure]
    public static StepResult<T> Step<T>(Network<T> net, OptState opt, IGradientTransform optimizer,
        Matrix<T> x, Matrix<T> t, Loss loss, Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
    {
        net.CheckInputs(x.Cols, "the batch");
        net.CheckOutputs(t.Cols, "the batch");
        if (x.Rows != t.Rows) throw new ArgumentException($"the batch has {x.Rows} rows but the targets have {t.Rows}");
        return StepOn(net, opt, optimizer, x.Span, t.Span, x.Rows, loss, parallelism ?? Parallelism.Default);
    }

    // The pure step on rows already gathered.
    internal static StepResult<T> StepOn<T>(Network<T> net, OptState opt, IGradientTransform optimizer,
        ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Loss loss, Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        var (value, grads, output) = StepKernel.LossAndGradients(net, x, t, rows, loss, parallelism);
        var lossValue = double.CreateChecked(value);
        if (!double.IsFinite(lossValue)) return new StepResult<T>(lossValue, output, net, opt);
        var (next, nextOpt) = OptimizerStep.Take(optimizer, grads, opt, net.Params, parallelism);
        return new StepResult<T>(lossValue, output, net.WithParams(next), nextOpt);
    }

    /// <summary>Loss and (for classification) accuracy of a network on a whole data set.</summary>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    [Pure]
    public static (double Loss, double? Accuracy) Evaluate<T>(Network<T> net, IExamples<T> data, Loss loss,
        Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
    {
        Check(net, data, "the data");
        var y = Network.Predict(net, data.Features, parallelism);
        var value = double.CreateChecked(LossFunctions.Value(loss, y, data.Targets));
        if (!data.IsClassification) return (value, null);
        var rows = data.Features.Rows;
        return (value, rows == 0 ? 0 : (double)Correct(y, data.Labels, Identity(rows)) / rows);
    }

    // The data's inputs and targets against the first and last layers, before any work.
    private static void Check<T>(Network<T> net, IExamples<T> data, string what) where T : IFloatingPointIeee754<T>
    {
        net.CheckInputs(data.Features.Cols, what);
        net.CheckOutputs(data.Targets.Cols, what);
        if (data.Targets.Rows != data.Features.Rows)
            throw new ArgumentException($"{what} has {data.Features.Rows} rows of inputs but {data.Targets.Rows} of targets");
    }

    // The shuffle stream is the seed's right half; Split.HoldOut's validation rows use the left half.
    private static Rng ShuffleRng(long seed) => Rng.FromSeed(seed).Split().Right;

    private static int[] Identity(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        return order;
    }

    private static int Correct<T>(Matrix<T> output, ImmutableArray<int> labels, ReadOnlySpan<int> rows)
        where T : IFloatingPointIeee754<T>
    {
        var predicted = OneHot.Decode(output);
        var correct = 0;
        for (var i = 0; i < rows.Length; i++)
            if (predicted[i] == labels[rows[i]]) correct++;
        return correct;
    }
}
