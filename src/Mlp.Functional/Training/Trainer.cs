using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>
/// Training as a lazy unfold over <see cref="TrainState{T}"/>: each enumeration step runs one
/// epoch of mini-batch steps and yields an immutable report holding the next state. Nothing is
/// printed or timed here; the shell draws progress from the sequence. Enumerating again
/// retrains from the start, identically.
/// </summary>
public static partial class Trainer
{
    /// <summary>
    /// Epoch reports of training <paramref name="net"/> on <paramref name="train"/>, scored on
    /// <paramref name="valid"/> after each epoch when given (early stopping watches its loss).
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit the network, or a setting is out of range.</exception>
    [Pure]
    public static IEnumerable<EpochReport<T>> Train<T>(Network<T> net, IGradientTransform optimizer, IExamples<T> train,
        TrainConfig config, IExamples<T>? valid = null, CancellationToken cancel = default) where T : IFloatingPointIeee754<T> =>
        EpochsOf(Resume(Start(net, optimizer, config), optimizer, train, valid, config, cancel, batchEvents: false));

    /// <summary>The state before the first epoch: optimizer initialised, random state from the seed.</summary>
    [Pure]
    public static TrainState<T> Start<T>(Network<T> net, IGradientTransform optimizer, TrainConfig config)
        where T : IFloatingPointIeee754<T> =>
        new(0, net, optimizer.Init(net.Params), ShuffleRng(config.Seed), net, 0, double.PositiveInfinity);

    /// <summary>
    /// Continues from a state (a checkpoint) until <c>config.Epochs</c> epochs are done, yielding
    /// batch and epoch events; with <paramref name="batchEvents"/> false only epoch ends. The
    /// shuffles continue from <c>state.Rng</c>. The data is checked against the network now,
    /// before any work.
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit the network, or a setting is out of range.</exception>
    [Pure]
    public static IEnumerable<TrainEvent<T>> Resume<T>(TrainState<T> state, IGradientTransform optimizer,
        IExamples<T> train, IExamples<T>? valid, TrainConfig config, CancellationToken cancel = default, bool batchEvents = true)
        where T : IFloatingPointIeee754<T>
    {
        config.Validate();
        if (OptimizerStep.Fits(optimizer, state.Optimizer, state.Network.Params) == false)
            throw new ArgumentException($"the optimizer state {Updates.StateName(state.Optimizer)} is not a state of {optimizer}" +
                $" for {state.Network}");
        Check(state.Network, train, "the training data");
        if (train.Features.Rows == 0) throw new ArgumentException("no training rows");
        if (valid is not null) Check(state.Network, valid, "the validation data");
        return Run(state, optimizer, train, valid is { Features.Rows: > 0 } ? valid : null, config, cancel, batchEvents);
    }

    /// <summary>
    /// Whether early stopping stops a run at <paramref name="state"/>: <c>config.Patience</c>
    /// epochs or more since the best one. A run resumed from such a state trains no more.
    /// </summary>
    public static bool StoppedEarly<T>(TrainState<T> state, TrainConfig config) where T : IFloatingPointIeee754<T> =>
        config.Patience is { } patience && state.Epoch - state.BestEpoch >= patience;

    /// <summary>Only the epoch reports of an event sequence.</summary>
    public static IEnumerable<EpochReport<T>> EpochsOf<T>(IEnumerable<TrainEvent<T>> events)
        where T : IFloatingPointIeee754<T>
    {
        foreach (var e in events)
            if (e is TrainEvent<T>.EpochEnd end) yield return end.Report;
    }

    // The unfold: one epoch of steps through the chosen step path, then the next state.
    private static IEnumerable<TrainEvent<T>> Run<T>(TrainState<T> state, IGradientTransform optimizer,
        IExamples<T> train, IExamples<T>? valid, TrainConfig config, CancellationToken cancel, bool batchEvents)
        where T : IFloatingPointIeee754<T>
    {
        // A state early stopping has stopped at stays stopped: resumed, it trains no more, as the uninterrupted run stopped there.
        if (StoppedEarly(state, config)) yield break;
        var n = train.Features.Rows;
        var (size, batches) = (config.RowsPerBatch(n), config.BatchesPerEpoch(n));
        using var path = StepPath<T>.For(optimizer, state, config, size, train.Features.Cols);
        for (var epoch = state.Epoch + 1; epoch <= config.Epochs; epoch++)
        {
            var lr = Optimizers.LearningRate(optimizer, state.Optimizer) ?? double.NaN;
            var (order, rng) = config.Shuffle ? state.Rng.Permutation(n) : (Identity(n), state.Rng);
            var tally = new Tally();
            for (var b = 0; b < batches; b++)
            {
                var rows = order.AsSpan(b * size, Math.Min(size, n - b * size));
                var rate = batchEvents ? path.LearningRate : double.NaN;
                var (loss, output) = path.Step(train, rows);
                if (!double.IsFinite(loss))
                {
                    yield return new TrainEvent<T>.EpochEnd(Diverged(state, path.State(beforeLastStep: true), epoch, b + 1, loss, lr, config));
                    yield break;
                }
                tally = tally.Add(loss, output, train, rows);
                if (batchEvents) yield return new TrainEvent<T>.BatchEnd(epoch, b + 1, batches, loss, tally.Loss, rate);
                if (cancel.IsCancellationRequested && (b + 1 < batches || epoch < config.Epochs))
                {
                    yield return new TrainEvent<T>.EpochEnd(Cancelled(state, path.State(), rng, epoch, b + 1, tally, train, lr, config));
                    yield break;
                }
            }
            var report = EndOfEpoch(state, path.State(), rng, epoch, tally, train, valid, lr, config);
            state = report.State;
            yield return new TrainEvent<T>.EpochEnd(report);
            if (report.Stop != StopReason.None) yield break;
        }
    }
}
