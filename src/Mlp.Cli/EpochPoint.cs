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
}
