using System.Numerics;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>The epoch's running sums, and the reports that end an epoch or a run.</summary>
public static partial class Trainer
{
    // Loss summed over the rows seen so far (each batch's mean times its rows), and correct rows.
    private readonly record struct Tally(double LossSum, int Correct, int Rows)
    {
        public Tally Add<T>(double loss, Matrix<T> output, IExamples<T> data, ReadOnlySpan<int> rows)
            where T : IFloatingPointIeee754<T> =>
            new(LossSum + loss * rows.Length, data.IsClassification ? Correct + Trainer.Correct(output, data.Labels, rows) : 0,
                Rows + rows.Length);

        public double Loss => LossSum / Rows;
        public double? Accuracy(bool classification) => classification ? (double)Correct / Rows : null;
    }

    // The loss became NaN or infinite: keep the network before the step that produced it.
    private static EpochReport<T> Diverged<T>(TrainState<T> state, (Network<T> Network, OptState Optimizer) kept,
        int epoch, int batch, double loss, double lr, TrainConfig config) where T : IFloatingPointIeee754<T> =>
        new(epoch, config.Epochs, loss, null, null, null, lr,
            state with { Network = kept.Network, Optimizer = kept.Optimizer, Epoch = epoch - 1 }, StopReason.Diverged,
            $"the loss became {loss} at epoch {epoch}, batch {batch}; the last good network is kept");

    // Ctrl-C mid-run: the state so far, with the epoch's shuffle consumed.
    private static EpochReport<T> Cancelled<T>(TrainState<T> state, (Network<T> Network, OptState Optimizer) now, Rng rng,
        int epoch, int batch, Tally tally, IExamples<T> train, double lr, TrainConfig config) where T : IFloatingPointIeee754<T> =>
        new(epoch, config.Epochs, tally.Loss, tally.Accuracy(train.IsClassification), null, null, lr,
            state with { Network = now.Network, Optimizer = now.Optimizer, Rng = rng, Epoch = epoch - 1 }, StopReason.Cancelled,
            $"stopped at epoch {epoch}, batch {batch}");

    // The epoch's report: validation scores, the best network so far, and whether to stop.
    private static EpochReport<T> EndOfEpoch<T>(TrainState<T> state, (Network<T> Network, OptState Optimizer) now, Rng rng,
        int epoch, Tally tally, IExamples<T> train, IExamples<T>? valid, double lr, TrainConfig config)
        where T : IFloatingPointIeee754<T>
    {
        var (validLoss, validAccuracy) = valid is null
            ? ((double?)null, (double?)null)
            : Evaluate(now.Network, valid, config.Loss, config.Parallelism);
        var monitored = validLoss ?? tally.Loss;
        var improved = monitored < state.BestLoss;
        var next = new TrainState<T>(epoch, now.Network, now.Optimizer, rng,
            improved ? now.Network : state.Best, improved ? epoch : state.BestEpoch, improved ? monitored : state.BestLoss);
        var stop = epoch == config.Epochs ? StopReason.Completed
            : config.Patience is { } p && epoch - next.BestEpoch >= p ? StopReason.EarlyStopped
            : StopReason.None;
        var message = stop == StopReason.EarlyStopped
            ? $"no improvement for {config.Patience} epochs; the best network is from epoch {next.BestEpoch}" : null;
        return new EpochReport<T>(epoch, config.Epochs, tally.Loss, tally.Accuracy(train.IsClassification), validLoss,
            validAccuracy, lr, next, stop, message);
    }
}
