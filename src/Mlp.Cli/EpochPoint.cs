using System.Diagnostics;
using System.Numerics;
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
public sealed record EpochPoint(int Epoch, int Epochs, int Batch, int Batches, double TrainLoss, double? TrainAccuracy,
    double? ValidationLoss, double? ValidationAccuracy, double LearningRate, TimeSpan Elapsed)
{
    /// <summary>Whether this point closes its epoch.</summary>
    public bool EndOfEpoch => Batch >= Batches;

    /// <summary>Fraction of the whole run done, in [0, 1].</summary>
    public double Done => Math.Clamp((Epoch - 1 + (double)Batch / Math.Max(1, Batches)) / Math.Max(1, Epochs), 0, 1);

    /// <summary>Time left at the pace so far: <c>elapsed × (1 − done) / done</c>.</summary>
    public TimeSpan Remaining => Done <= 0 ? TimeSpan.Zero : Elapsed * ((1 - Done) / Done);

    /// <summary>
    /// The trainer's events as progress points (a mid-epoch point shows the epoch's loss so far),
    /// handing each epoch report to <paramref name="seen"/> as it passes.
    /// </summary>
    public static IEnumerable<EpochPoint> Of<T>(IEnumerable<TrainEvent<T>> events, int epochs,
        Action<EpochReport<T>> seen, Stopwatch clock) where T : IFloatingPointIeee754<T>
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
                    yield return new EpochPoint(r.Epoch, r.Epochs, batches, batches, r.TrainLoss, r.TrainAccuracy, r.ValidLoss,
                        r.ValidAccuracy, r.LearningRate, clock.Elapsed);
                    break;
            }
        }
    }
}
