using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Data;
using LanguageExt;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Pipeline;

/// <summary>The scores of a network on one split (training, validation or test).</summary>
public sealed record SplitScore(string Split, Evaluation Scores);

/// <summary>
/// A training run, ready to go (see <see cref="Fitting"/>): the network to start from, the
/// optimizer and trainer settings, the preprocessing fitted on the training rows, the table and
/// which of its rows train, and the splits encoded. It runs the trainer, picks the network to
/// keep, scores it, and makes the trained model.
/// </summary>
/// <param name="DataName">The data set's name, for messages.</param>
/// <param name="Network">The network before training (new, or the saved model's).</param>
/// <param name="Optimizer">The optimizer, its schedule counted in this run's steps.</param>
/// <param name="Config">The trainer's settings.</param>
/// <param name="Preprocessing">The preprocessing fitted on the training rows (or the saved model's).</param>
/// <param name="Source">The table as read.</param>
/// <param name="TrainRows">The table rows that train, in training order (ascending).</param>
/// <param name="Train">The training rows, encoded for the network, targets shaped for its output layer.</param>
/// <param name="Valid">The validation rows held out before the preprocessing was fitted, encoded; null for none.</param>
/// <param name="Test">The test rows, encoded; null for none.</param>
public sealed record FitPlan<T>(
    string DataName,
    Network<T> Network,
    IGradientTransform Optimizer,
    TrainConfig Config,
    Preprocessor Preprocessing,
    Table<T> Source,
    ImmutableArray<int> TrainRows,
    Dataset<T> Train,
    Dataset<T>? Valid,
    Dataset<T>? Test) where T : IFloatingPointIeee754<T>
{
    /// <summary>What was decided from the data on its own, for a person to read (see <see cref="DataNotes.Lines"/>).</summary>
    public DataNotes Notes { get; init; } = DataNotes.None;

    /// <summary>The options the run was planned with (a checkpoint records them, see <see cref="Resuming"/>).</summary>
    public FitOptions Options { get; init; } = FitOptions.Defaults;

    /// <summary>The checkpoint's state this run continues from (see <see cref="Resume"/>); null: it starts anew.</summary>
    public TrainState<T>? From { get; init; }

    /// <summary>The loss being minimised.</summary>
    public Loss Loss => Config.Loss;

    /// <summary>The trainer's state before the run's first epoch: a checkpoint's, or before any training.</summary>
    public TrainState<T> Start => From ?? Trainer.Start(Network, Optimizer, Config);

    /// <summary>
    /// This run continuing from <paramref name="checkpoint"/>, when the checkpoint was made by the
    /// same run (<see cref="Resuming.Check"/>: same data and options, <c>Config.Epochs</c> at least
    /// its epoch); else what differs. Run to the same total, it ends bit for bit where a run that
    /// was never stopped ends.
    /// </summary>
    [Pure]
    public Fin<FitPlan<T>> Resume(Checkpoint<T> checkpoint) =>
        Resuming.Check(this, checkpoint).Map(_ => this with { From = checkpoint.State });

    /// <summary>
    /// The checkpoint of this run at <paramref name="state"/> (an epoch's end): the state, the
    /// model around its network, and <paramref name="run"/>, this run's <see cref="Resuming.Record"/>.
    /// </summary>
    [Pure]
    public Checkpoint<T> CheckpointAt(TrainState<T> state, RunRecord run) => new(state, ModelOf(state.Network), run);

    /// <summary>The run, lazily: batch events (when asked for) and epoch reports.</summary>
    [Pure]
    public IEnumerable<TrainEvent<T>> Run(CancellationToken cancel = default, bool batchEvents = false) =>
        Trainer.Resume(Start, Optimizer, Train, Valid, Config, cancel, batchEvents);

    /// <summary>
    /// The network to keep after a run whose last report is <paramref name="last"/>: the best one
    /// when early stopping watches, or when the run was cancelled (a half epoch is no measure);
    /// else the last one (the last good one, if the loss diverged). No report: the start (a
    /// checkpoint's state is judged as its last report was).
    /// </summary>
    [Pure]
    public Network<T> Final(EpochReport<T>? last, bool cancelled) =>
        (last?.State ?? From) is not { } state ? Network
        : Config.Patience is not null || cancelled || last?.Stop == StopReason.Cancelled ? state.Best : state.Network;

    /// <summary>The trained model: this run's preprocessing, <paramref name="network"/>, and the data's names.</summary>
    [Pure]
    public TrainedModel<T> ModelOf(Network<T> network) =>
        new(network, Loss, Train.IsClassification ? Train.Classes : null, Preprocessing)
        {
            Targets = Train.TargetNames,
        };

    /// <summary>
    /// The scores of <paramref name="network"/> on each split there is, in order: training,
    /// validation, test. The last is the one to judge a model by.
    /// </summary>
    [Pure]
    public ImmutableArray<SplitScore> Scores(Network<T> network) =>
        [.. new[] { ("train", Train), ("validation", Valid), ("test", Test) }
            .Where(s => s.Item2 is not null)
            .Select(s => Score(network, s.Item1, s.Item2!))];

    // The splits are encoded already: score them with a model that has no preprocessing.
    private SplitScore Score(Network<T> network, string split, Dataset<T> data) =>
        new(split, (ModelOf(network) with { Inputs = Preprocessor.OfNumbers(network.Inputs, Train.FeatureNames, null) })
            .Evaluate(data, Config.Parallelism).ThrowIfFail());
}
