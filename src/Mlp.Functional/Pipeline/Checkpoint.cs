using System.Collections.Immutable;
using System.Numerics;
using Mlp.Losses;
using Mlp.Training;

namespace Mlp.Pipeline;

/// <summary>
/// Where a run stands after a complete epoch, as one value (the file <c>mlp-checkpoint/2</c>
/// holds it): the trainer's state (network, optimizer state, random state, early-stopping
/// memory), the model around the network (the preprocessing fitted on the training rows, loss,
/// task, targets and classes), and what identifies the run (<see cref="RunRecord"/>), so that a
/// run on other data or with other options refuses it and says what differs.
/// </summary>
/// <param name="State">The trainer's state after <c>State.Epoch</c> complete epochs.</param>
/// <param name="Model">The model whose network is <c>State.Network</c>.</param>
/// <param name="Run">What identifies the run that made it; null when unknown (a checkpoint of the trainer alone).</param>
public sealed record Checkpoint<T>(TrainState<T> State, TrainedModel<T> Model, RunRecord? Run) where T : IFloatingPointIeee754<T>
{
    /// <summary>The model, checked to hold the state's network.</summary>
    public TrainedModel<T> Model { get; init; } = ReferenceEquals(Model.Network, State.Network) || Model.Network.Equals(State.Network)
        ? Model : throw new ArgumentException("a checkpoint's model must hold the network of its trainer state");

    /// <summary>A checkpoint of the trainer alone: the state, its loss, numbered inputs, no run record.</summary>
    public static Checkpoint<T> Of(TrainState<T> state, Loss loss) =>
        new(state, new TrainedModel<T>(state.Network, loss, null, null, null), null);
}

/// <summary>
/// What a checkpoint remembers of the run that made it, to recognise the same run again: the
/// options that shape training, by their command-line names (<c>lr</c>, <c>hidden</c>, …) with
/// values as text, resolved where the library resolves them (the task, the loss, the
/// initialiser); the training and validation rows, counted and fingerprinted as the network
/// sees them (encoded, in order); and the fingerprint of the network the run started from.
/// </summary>
/// <param name="Data">The data set's name, for messages.</param>
/// <param name="Options">Option names and values, in a fixed order.</param>
/// <param name="Train">The training rows.</param>
/// <param name="Validation">The validation rows (none: 0 rows).</param>
/// <param name="Start">The fingerprint of the network before the first epoch.</param>
public sealed record RunRecord(string Data, ImmutableArray<(string Name, string Value)> Options, RowsPrint Train,
    RowsPrint Validation, string Start)
{
    /// <summary>The option a resumed run may change: the new total of epochs (the schedule, which may span them, is recorded apart).</summary>
    public const string Epochs = "epochs";

    /// <summary>Record equality compares the options' contents.</summary>
    public bool Equals(RunRecord? other) => other is not null && Data == other.Data && Options.SequenceEqual(other.Options)
        && Train == other.Train && Validation == other.Validation && Start == other.Start;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Data, Options.Length, Train, Validation, Start);

    /// <summary>The value of option <paramref name="name"/>, or null when the record has none.</summary>
    public string? Option(string name) => Options.FirstOrDefault(o => o.Name == name).Value;
}

/// <summary>Rows as the network sees them: how many, and a SHA-256 of their encoded inputs and targets (lowercase hex).</summary>
public sealed record RowsPrint(int Rows, string Fingerprint);
