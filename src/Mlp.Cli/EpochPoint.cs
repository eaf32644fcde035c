using System.Diagnostics;
using System.Numerics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli;

/// <summary>
/// One step of progress as the shell draws it: after batch <see cref="Batch"/> of
/// <see cref="Batches"/> in epoch <see cref="Epoch"/> (1-based) of <see cref="Epochs"/>.
/// The trainer may report every batch or only the end of each epoch
/// (<see cref="Batch"/> = <see cref="Batches"/>); losses are the epoch's so far.
/// </summary>
/// <param name="Epoch">Current epoch, 1-based.</param>
/// <param name="Epochs">Planned number of epochs.</param>
/// <param name="Batch">Batches done in this epoch, 1-based.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy in [0, 1], for classification.</param>
/// <param name="ValidationLoss">Validation loss, when there is a validation split (end of epoch only).</param>
/// <param name="ValidationAccuracy">Validation accuracy, for classification with a validation split.</param>
/// <param name="LearningRate">The learning rate used for the last batch.</param>
/// <param name="Elapsed">Wall time since training started.</param>
/// <param name="TestLoss">Test loss after the epoch, when the test rows are scored for the learning curve (end of epoch only).</param>
/// <param name="TestAccuracy">Test accuracy after the epoch, likewise, for classification.</param>
public sealed record EpochPoint(int Epoch, int Epochs, int Batch, int Batches, double TrainLoss, double? TrainAccuracy,
    double? ValidationLoss, double? ValidationAccuracy, double LearningRate, TimeSpan Elapsed,
    double? TestLoss = null, double? TestAccuracy = null)
{
    /// <summary>Whether this point closes its epoch.</summary>
    public bool EndOfEpoch => Batch >= Batches;

    /// <summary>Fraction of the whole run done, in [0, 1].</summary>
    public double Done => Math.Clamp((Epoch - 1 + (double)Batch / Math.Max(1, Batches)) / Math.Max(1, Epochs), 0, 1);

    /// <summary>Time left at <paramref name="epochTime"/> per epoch: <c>epochTime × epochs × (1 − done)</c>.</summary>
    public TimeSpan Remaining(TimeSpan epochTime) => epochTime * (Epochs * (1 - Done));

    /// <summary>
    /// How long an epoch takes, as measured after the first epoch, or null while nothing after it
    /// is measured. The first epoch carries the JIT compilation (its first batches run many times
    /// slower: projected from them, a 1 s epoch showed 2m12s left), so it is never the measure:
    /// with two or more <paramref name="finished"/> epochs, the mean of the last five after the
    /// first; with one, the pace of <paramref name="now"/>'s epoch so far, scaled to a whole epoch.
    /// </summary>
    public static TimeSpan? EpochTime(IReadOnlyList<EpochPoint> finished, EpochPoint now)
    {
        if (finished.Count >= 2)
        {
            var (from, last) = (finished[Math.Max(0, finished.Count - 6)], finished[^1]);
            return (last.Elapsed - from.Elapsed) / (last.Epoch - from.Epoch);
        }
        return finished.Count == 1 && now.Epoch == finished[0].Epoch + 1 && !now.EndOfEpoch
            ? (now.Elapsed - finished[0].Elapsed) * ((double)now.Batches / now.Batch)
            : null;
    }

    /// <summary>
    /// The trainer's events as progress points (a mid-epoch point shows the epoch's loss so far),
    /// handing each epoch report to <paramref name="seen"/> as it passes. <paramref name="test"/>,
    /// when given, scores the network after each epoch on the test rows, for the learning curve
    /// only: the trainer never sees it, so it cannot steer early stopping.
    /// </summary>
    public static IEnumerable<EpochPoint> Of<T>(IEnumerable<TrainEvent<T>> events, int epochs,
        Action<EpochReport<T>> seen, Stopwatch clock, Func<Network<T>, (double Loss, double? Accuracy)>? test = null)
        where T : IFloatingPointIeee754<T>
    {
        var batches = 1;
        foreach (var e in events)
        {
            switch (e)
            {
                case TrainEvent<T>.BatchEnd b:
                    batches = b.Batches;
                    if (b.Batch < b.Batches)
                        yield return new EpochPoint(b.Epoch, epochs, b.Batch, b.Batches, b.EpochLoss, null, null, null, b.LearningRate,
                            clock.Elapsed);
                    break;
                case TrainEvent<T>.EpochEnd { Report: var r }:
                    seen(r);
                    if (r.Stop is StopReason.Diverged or StopReason.Cancelled) yield break;
                    var scored = test?.Invoke(r.Network);
                    yield return new EpochPoint(r.Epoch, r.Epochs, batches, batches, r.TrainLoss, r.TrainAccuracy, r.ValidLoss,
                        r.ValidAccuracy, r.LearningRate, clock.Elapsed, scored?.Loss, scored?.Accuracy);
                    break;
            }
        }
    }
}
