using System.Buffers;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Data;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>
/// Training as a lazy fold over epochs: each enumeration step runs one epoch of mini-batch
/// updates and yields an immutable report. Nothing is printed or timed here; the shell draws
/// progress from the sequence. Enumerating again retrains from the start, identically.
/// </summary>
public static partial class Trainer
{
    /// <summary>Epoch reports of training <paramref name="net"/> on <paramref name="data"/>.</summary>
    [Pure]
    public static IEnumerable<EpochReport<T>> Train<T>(Network<T> net, IGradientTransform optimizer,
        Dataset<T> data, TrainConfig config, CancellationToken cancel = default) where T : IFloatingPointIeee754<T> =>
        EpochsOf(Resume(Start(net, optimizer, config), optimizer, data, config, cancel, batchEvents: false));

    /// <summary>The state before the first epoch: optimizer initialised, random state from the seed.</summary>
    [Pure]
    public static TrainState<T> Start<T>(Network<T> net, IGradientTransform optimizer, TrainConfig config)
        where T : IFloatingPointIeee754<T> =>
        new(0, net, optimizer.Init(net.Params), ShuffleRng(config.Seed), net, 0, double.PositiveInfinity);

    /// <summary>
    /// Continues from a checkpoint until <c>config.Epochs</c> epochs are done, yielding batch and
    /// epoch events. The validation split depends only on the seed, so a resumed run sees the
    /// same split; the shuffles continue from <c>state.Rng</c>. With <paramref name="batchEvents"/>
    /// false only epoch ends are yielded.
    /// </summary>
    [Pure]
    public static IEnumerable<TrainEvent<T>> Resume<T>(TrainState<T> state, IGradientTransform optimizer,
        Dataset<T> data, TrainConfig config, CancellationToken cancel = default, bool batchEvents = true)
        where T : IFloatingPointIeee754<T>
    {
        config.Validate();
        var (train, valid) = HoldOut(data, config.ValidationFraction, config.Seed);
        if (train.Rows == 0) throw new ArgumentException("no training rows left after the validation split");
        return Run(state, optimizer, train, valid, config, cancel, batchEvents);
    }

    /// <summary>
    /// Continues from a checkpoint with a validation set the caller has already split off (for
    /// example to fit preprocessing on the training rows only); <c>config.ValidationFraction</c>
    /// is not used.
    /// </summary>
    [Pure]
    public static IEnumerable<TrainEvent<T>> Resume<T>(TrainState<T> state, IGradientTransform optimizer,
        Dataset<T> train, Dataset<T>? valid, TrainConfig config, CancellationToken cancel = default, bool batchEvents = true)
        where T : IFloatingPointIeee754<T>
    {
        config.Validate();
        if (train.Rows == 0) throw new ArgumentException("no training rows");
        return Run(state, optimizer, train, valid is { Rows: > 0 } ? valid : null, config, cancel, batchEvents);
    }

    /// <summary>Only the epoch reports of an event sequence.</summary>
    public static IEnumerable<EpochReport<T>> EpochsOf<T>(IEnumerable<TrainEvent<T>> events)
        where T : IFloatingPointIeee754<T>
    {
        foreach (var e in events)
            if (e is TrainEvent<T>.EpochEnd end) yield return end.Report;
    }

    private static IEnumerable<TrainEvent<T>> Run<T>(TrainState<T> state, IGradientTransform optimizer,
        Dataset<T> train, Dataset<T>? valid, TrainConfig config, CancellationToken cancel, bool batchEvents)
        where T : IFloatingPointIeee754<T>
    {
        var n = train.Rows;
        var batchSize = config.BatchSize == 0 ? n : Math.Min(config.BatchSize, n);
        var batches = (n + batchSize - 1) / batchSize;
        // The network (and optimizer state) of the last step whose loss was finite: when a loss
        // turns non-finite, the network that produced it is not a good one to keep.
        (Network<T> Net, OptState Opt)? lastGood = null;
        // Plain SGD and Adam run on two private copies of the state, used in turn, instead of
        // fresh parameter sets per step; what this loop hands out is always a fresh copy.
        var owned = OwnedSteps<T>.TryCreate(optimizer, state.Network, state.Optimizer);
        var stepsTaken = 0;
        // Each batch's rows are gathered into the same two rented buffers (they never escape the step).
        var (xBuffer, tBuffer) = (ArrayPool<T>.Shared.Rent(batchSize * train.Features.Cols), ArrayPool<T>.Shared.Rent(batchSize * train.Targets.Cols));
        try
        {
            for (var epoch = state.Epoch + 1; epoch <= config.Epochs; epoch++)
            {
                var lr = Optimizers.LearningRate(optimizer, state.Optimizer) ?? double.NaN;
                var (order, rng) = config.Shuffle ? state.Rng.Permutation(n) : (Identity(n), state.Rng);
                var (net, opt) = (state.Network, state.Optimizer);
                double lossSum = 0;
                var correct = 0;
                for (var b = 0; b < batches; b++)
                {
                    var rows = order.AsSpan(b * batchSize, Math.Min(batchSize, n - b * batchSize));
                    double loss;
                    Matrix<T> output;
                    StepResult<T>? step = null;
                    if (owned is null)
                    {
                        step = StepOnRows(net, opt, optimizer, train, rows, xBuffer, tBuffer, config.Loss);
                        (loss, output) = (step.Loss, step.Output);
                    }
                    else
                    {
                        var (x, t) = Gather(train, rows, xBuffer, tBuffer);
                        (loss, output) = owned.Step(x.Span, t.Span, rows.Length, config.Loss);
                    }
                    if (!double.IsFinite(loss))
                    {
                        var (goodNet, goodOpt) = owned is null ? lastGood ?? (net, opt) : owned.Snapshot(previous: stepsTaken > 0);
                        var kept = state with { Network = goodNet, Optimizer = goodOpt, Epoch = epoch - 1 };
                        yield return new TrainEvent<T>.EpochEnd(new EpochReport<T>(epoch, config.Epochs, loss, null, null, null, lr,
                            kept, StopReason.Diverged, $"the loss became {loss} at epoch {epoch}, batch {b + 1}; the last good network is kept"));
                        yield break;
                    }
                    if (step is not null)
                    {
                        lastGood = (net, opt);
                        (net, opt) = (step.Network, step.Optimizer);
                    }
                    stepsTaken++;
                    lossSum += loss * rows.Length;
                    if (train.IsClassification) correct += Correct(output, train.Labels, rows);
                    if (batchEvents) yield return new TrainEvent<T>.BatchEnd(epoch, b + 1, batches, loss);
                    if (cancel.IsCancellationRequested && (b + 1 < batches || epoch < config.Epochs))
                    {
                        if (owned is not null) (net, opt) = owned.Snapshot();
                        var seen = Math.Min(n, (b + 1) * batchSize);
                        var partial = state with { Network = net, Optimizer = opt, Rng = rng, Epoch = epoch - 1 };
                        yield return new TrainEvent<T>.EpochEnd(new EpochReport<T>(epoch, config.Epochs, lossSum / seen,
                            train.IsClassification ? (double)correct / seen : null, null, null, lr, partial, StopReason.Cancelled,
                            $"stopped at epoch {epoch}, batch {b + 1}"));
                        yield break;
                    }
                }
                if (owned is not null) (net, opt) = owned.Snapshot();
                var trainLoss = lossSum / n;
                var (validLoss, validAccuracy) = valid is null ? ((double?)null, (double?)null) : Evaluate(net, valid, config.Loss);
                var monitored = validLoss ?? trainLoss;
                var improved = monitored < state.BestLoss;
                state = new TrainState<T>(epoch, net, opt, rng,
                    improved ? net : state.Best, improved ? epoch : state.BestEpoch, improved ? monitored : state.BestLoss);
                var stop = epoch == config.Epochs ? StopReason.Completed
                    : config.Patience is { } p && epoch - state.BestEpoch >= p ? StopReason.EarlyStopped
                    : StopReason.None;
                var message = stop == StopReason.EarlyStopped
                    ? $"no improvement for {config.Patience} epochs; the best network is from epoch {state.BestEpoch}" : null;
                yield return new TrainEvent<T>.EpochEnd(new EpochReport<T>(epoch, config.Epochs, trainLoss,
                    train.IsClassification ? (double)correct / n : null, validLoss, validAccuracy, lr, state, stop, message));
                if (stop != StopReason.None) yield break;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(xBuffer);
            ArrayPool<T>.Shared.Return(tBuffer);
        }
    }
}
