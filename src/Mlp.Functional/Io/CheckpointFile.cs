using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Losses;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Training;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>
/// Checkpoint files (<c>mlp-checkpoint/2</c>, see <see cref="CheckpointJson"/>): saved atomically,
/// loaded with errors that name the path.
/// </summary>
public static class CheckpointFile
{
    /// <summary>Largest checkpoint <see cref="Load{T}"/> reads: the largest file read into memory (<see cref="Files.MaxBytes"/>).</summary>
    public static readonly long MaxBytes = Files.MaxBytes;

    /// <summary>Writes the training state to <paramref name="path"/> (temporary name, then rename).</summary>
    public static Fin<Unit> Save<T>(string path, TrainState<T> state, Loss loss) where T : IFloatingPointIeee754<T> =>
        CheckpointJson.Serialize(state, loss).Match(
            Succ: bytes => Files.WriteAtomically(path, bytes),
            Fail: e => Error.New($"{path}: {e.Message}"));

    /// <summary>Reads a training state and its loss from <paramref name="path"/>.</summary>
    public static Fin<(TrainState<T> State, Loss Loss)> Load<T>(string path) where T : IFloatingPointIeee754<T> =>
        Files.Read(path, MaxBytes, "a checkpoint").Match(
            Succ: bytes => CheckpointJson.Parse<T>(bytes).Match<Fin<(TrainState<T>, Loss)>>(
                Succ: s => s,
                Fail: e => Error.New($"{path}: {e.Message}")),
            Fail: e => e);

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> (temporary name, then rename).</summary>
    public static Fin<Unit> Save<T>(string path, Checkpoint<T> checkpoint) where T : IFloatingPointIeee754<T> =>
        CheckpointJson.Serialize(checkpoint).Match(
            Succ: bytes => Files.WriteAtomically(path, bytes),
            Fail: e => Error.New($"{path}: {e.Message}"));

    /// <summary>Reads a whole checkpoint (the run record, the model around the network) from <paramref name="path"/>.</summary>
    public static Fin<Checkpoint<T>> Read<T>(string path) where T : IFloatingPointIeee754<T> =>
        Files.Read(path, MaxBytes, "a checkpoint").Bind(bytes =>
            CheckpointJson.ParseCheckpoint<T>(bytes).BiMap(Succ: c => c, Fail: e => Error.New($"{path}: {e.Message}")));
}
