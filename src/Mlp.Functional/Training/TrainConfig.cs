using Mlp.Losses;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>
/// How to train: loss, epochs, mini-batches, shuffling, early stopping, and the threads the
/// products may use. Pure data.
/// </summary>
/// <param name="Loss">The loss to minimise (it must fit the network's output activation).</param>
/// <param name="Epochs">Number of passes over the training rows (≥ 1).</param>
/// <param name="BatchSize">Rows per mini-batch; 0 means the whole training set (full batch).
/// The last, smaller batch of an epoch is a batch of its own.</param>
/// <param name="Shuffle">Shuffle the rows every epoch (from the seed) or keep their order.</param>
/// <param name="Seed">Seeds the shuffles (the right half of the seed's stream; a hold-out split
/// made with <c>Split.HoldOut</c> uses the left half).</param>
/// <param name="Patience">Early stopping: stop after this many epochs without a better
/// monitored loss (validation loss, or training loss without validation); null turns it off.</param>
public sealed record TrainConfig(
    Loss Loss,
    int Epochs,
    int BatchSize = 32,
    bool Shuffle = true,
    long Seed = 0,
    int? Patience = null)
{
    /// <summary>The threads the products may use (default: all cores). It changes no result.</summary>
    public Parallelism Parallelism { get; init; } = Parallelism.Default;

    /// <summary>Rows in each full batch of an epoch over <paramref name="rows"/> rows.</summary>
    public int RowsPerBatch(int rows) => BatchSize == 0 ? rows : Math.Min(BatchSize, rows);

    /// <summary>Batches in an epoch over <paramref name="rows"/> rows (the last may be smaller).</summary>
    public int BatchesPerEpoch(int rows) => rows == 0 ? 0 : (rows + RowsPerBatch(rows) - 1) / RowsPerBatch(rows);

    /// <summary>Checks the ranges; the shell validates options before it gets here.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public TrainConfig Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"epochs must be ≥ 1, got {Epochs}");
        if (BatchSize < 0) throw new ArgumentException($"batch size must be ≥ 1 (or 0 for full batch), got {BatchSize}");
        if (Patience is < 1) throw new ArgumentException($"patience must be ≥ 1, got {Patience}");
        return this;
    }
}
