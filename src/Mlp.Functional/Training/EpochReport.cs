using System.Numerics;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>Why training stopped, if it did at this report.</summary>
public enum StopReason { None, Completed, EarlyStopped, Diverged, Cancelled }

/// <summary>
/// Everything needed to continue training exactly where it stopped (a checkpoint): the epoch
/// just finished, the network, the optimizer state, the random state for the next shuffle, and
/// the early-stopping memory.
/// </summary>
public sealed record TrainState<T>(
    int Epoch,
    Network<T> Network,
    OptState Optimizer,
    Rng Rng,
    Network<T> Best,
    int BestEpoch,
    double BestLoss) where T : IFloatingPointIeee754<T>;

/// <summary>
/// One epoch of training, immutable. Losses are means over rows; the training loss and
/// accuracy are accumulated over the epoch's batches as they were seen (as Keras reports them).
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches.</param>
/// <param name="TrainAccuracy">Training accuracy (classification), else null.</param>
/// <param name="ValidLoss">Validation loss after the epoch, or null without validation.</param>
/// <param name="ValidAccuracy">Validation accuracy (classification with validation), else null.</param>
/// <param name="LearningRate">The learning rate used during the epoch (at its first step).</param>
/// <param name="State">The checkpoint after this epoch; <c>State.Network</c> is the network now.</param>
/// <param name="Stop">Why training stopped here, or <see cref="StopReason.None"/>.</param>
/// <param name="Message">What happened, when training stopped abnormally (e.g. which batch diverged).</param>
public sealed record EpochReport<T>(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double? TrainAccuracy,
    double? ValidLoss,
    double? ValidAccuracy,
    double LearningRate,
    TrainState<T> State,
    StopReason Stop = StopReason.None,
    string? Message = null) where T : IFloatingPointIeee754<T>
{
    /// <summary>The network after this epoch (the last good one if training diverged).</summary>
    public Network<T> Network => State.Network;
    /// <summary>The optimizer state after this epoch.</summary>
    public OptState Optimizer => State.Optimizer;
    /// <summary>The network with the best monitored loss so far (what early stopping hands back).</summary>
    public Network<T> Best => State.Best;
}

/// <summary>What the trainer yields: the end of a batch (for live progress) or of an epoch.</summary>
public abstract record TrainEvent<T> where T : IFloatingPointIeee754<T>
{
    private TrainEvent() { }

    /// <summary>
    /// A mini-batch finished with loss <paramref name="Loss"/>; <paramref name="EpochLoss"/> is
    /// the epoch's mean loss so far (over rows), <paramref name="LearningRate"/> the rate its step used.
    /// </summary>
    public sealed record BatchEnd(int Epoch, int Batch, int Batches, double Loss, double EpochLoss, double LearningRate)
        : TrainEvent<T>;

    /// <summary>An epoch finished.</summary>
    public sealed record EpochEnd(EpochReport<T> Report) : TrainEvent<T>;
}
