using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>One optimizer step, evaluation and the validation hold-out.</summary>
public static partial class Trainer
{
    // One step on the given rows of a data set, gathered into the caller's scratch buffers.
    private static StepResult<T> StepOnRows<T>(Network<T> net, OptState opt, IGradientTransform optimizer,
        Dataset<T> data, ReadOnlySpan<int> rows, T[] xBuffer, T[] tBuffer, Loss loss) where T : IFloatingPointIeee754<T>
    {
        var (x, t) = Gather(data, rows, xBuffer, tBuffer);
        return StepCore(net, opt, optimizer, x.Span, t.Span, rows.Length, loss);
    }

    // The given rows' features and targets, copied into the caller's scratch buffers.
    private static (ReadOnlyMemory<T> X, ReadOnlyMemory<T> T) Gather<T>(Dataset<T> data, ReadOnlySpan<int> rows, T[] xBuffer, T[] tBuffer)
        where T : IFloatingPointIeee754<T>
    {
        data.Features.GatherRows(rows, xBuffer);
        data.Targets.GatherRows(rows, tBuffer);
        return (xBuffer.AsMemory(0, rows.Length * data.Features.Cols), tBuffer.AsMemory(0, rows.Length * data.Targets.Cols));
    }

    /// <summary>The result of one optimizer step on one mini-batch.</summary>
    public sealed record StepResult<T>(double Loss, Matrix<T> Output, Network<T> Network, OptState Optimizer)
        where T : IFloatingPointIeee754<T>;

    /// <summary>
    /// One mini-batch step: forward, loss, backward, optimizer update, apply. Returns the batch
    /// loss (before the update), the batch's outputs, and the new network and optimizer state.
    /// A non-finite loss returns the inputs unchanged.
    /// </summary>
    [Pure]
    public static StepResult<T> Step<T>(Network<T> net, OptState opt, IGradientTransform optimizer,
        Matrix<T> x, Matrix<T> t, Loss loss) where T : IFloatingPointIeee754<T>
    {
        if (x.Rows != t.Rows || x.Cols != net.Inputs || t.Cols != net.Outputs)
            throw new ArgumentException(
                $"a step on {net} needs X with {net.Inputs} columns and targets with {net.Outputs}, " +
                $"got {x.Rows}×{x.Cols} and {t.Rows}×{t.Cols}");
        return StepCore(net, opt, optimizer, x.Span, t.Span, x.Rows, loss);
    }

    private static StepResult<T> StepCore<T>(Network<T> net, OptState opt, IGradientTransform optimizer,
        ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Loss loss) where T : IFloatingPointIeee754<T>
    {
        var (value, grads, output) = StepKernel.LossAndGradients(net, x, t, rows, loss);
        var lossValue = double.CreateChecked(value);
        if (!double.IsFinite(lossValue)) return new StepResult<T>(lossValue, output, net, opt);
        var (next, nextOpt) = OptimizerStep.Apply(optimizer, grads, opt, net.Params);
        return new StepResult<T>(lossValue, output, net.WithParams(next), nextOpt);
    }

    /// <summary>Loss and (for classification) accuracy of a network on a whole data set.</summary>
    [Pure]
    public static (double Loss, double? Accuracy) Evaluate<T>(Network<T> net, Dataset<T> data, Loss loss)
        where T : IFloatingPointIeee754<T>
    {
        var y = Network.Predict(net, data.Features);
        var value = double.CreateChecked(LossFunctions.Value(loss, y, data.Targets));
        if (!data.IsClassification) return (value, null);
        var all = Identity(data.Rows);
        return (value, data.Rows == 0 ? 0 : (double)Correct(y, data.Labels, all) / data.Rows);
    }

    /// <summary>
    /// The seeded validation hold-out: <see cref="Split.TrainTest{T}(Dataset{T}, double, Rng, bool)"/>
    /// (stratified for classification) on the seed's validation stream. Fraction 0, or a
    /// fraction that rounds to no rows, gives no validation set.
    /// </summary>
    [Pure]
    public static (Dataset<T> Train, Dataset<T>? Valid) HoldOut<T>(Dataset<T> data, double fraction, long seed)
        where T : IFloatingPointIeee754<T>
    {
        if (fraction <= 0 || Math.Round(fraction * data.Rows) == 0) return (data, null);
        var (train, valid) = Split.TrainTest(data, fraction, Rng.FromSeed(seed).Split().Left);
        return (train, valid);
    }

    // The shuffle stream is the seed's right half; the validation split uses the left half.
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
