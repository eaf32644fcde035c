using Mlp.Losses;

namespace Mlp.Training;

/// <summary>
/// How to train: loss, epochs, mini-batches, validation and early stopping. Pure data.
/// </summary>
/// <param name="Loss">The loss to minimise (it must fit the network's output activation).</param>
/// <param name="Epochs">Number of passes over the training rows (≥ 1).</param>
/// <param name="BatchSize">Rows per mini-batch; 0 means the whole training set (full batch).
/// The last, smaller batch of an epoch is a batch of its own.</param>
/// <param name="Shuffle">Shuffle the rows every epoch (from the seed) or keep file order.</param>
/// <param name="Seed">Seeds the shuffles and the validation split.</param>
/// <param name="ValidationFraction">Share of the rows held out for validation, in [0, 1); 0 turns it off.</param>
/// <param name="Patience">Early stopping: stop after this many epochs without a better
/// monitored loss (validation loss, or training loss without validation); null turns it off.</param>
public sealed record TrainConfig(
    Loss Loss,
    int Epochs,
    int BatchSize = 32,
    bool Shuffle = true,
    long Seed = 0,
    double ValidationFraction = 0,
    int? Patience = null)
{
    /// <summary>Checks the ranges; the shell validates options before it gets here.</summary>
    public TrainConfig Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"epochs must be ≥ 1, got {Epochs}");
        if (BatchSize < 0) throw new ArgumentException($"batch size must be ≥ 1 (or 0 for full batch), got {BatchSize}");
        if (ValidationFraction is < 0 or >= 1 || double.IsNaN(ValidationFraction))
            throw new ArgumentException($"validation fraction must be in [0, 1), got {ValidationFraction}");
        if (Patience is < 1) throw new ArgumentException($"patience must be ≥ 1, got {Patience}");
        return this;
    }
}
