using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Serialization;

namespace Mlp.Io;

/// <summary>
/// Model files on disk (<c>mlp/1</c> JSON, see <see cref="ModelJson"/>). Saving writes a
/// temporary file beside the target and renames it over the target, so a crash leaves either
/// the old file or the new one, never half a model. Errors name the path as given.
/// </summary>
public static class ModelFile
{
    /// <summary>Largest file <see cref="Load{T}"/> will read: 1 GiB (10⁸ parameters as text fit well within it).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/>, replacing any file there.
    /// The directory must exist; nothing is created when anything fails.
    /// </summary>
    public static Fin<Unit> Save<T>(string path, TrainedModel<T> model) where T : IFloatingPointIeee754<T> =>
        ModelJson.Serialize(model).Match(
            Succ: bytes => Write(path, bytes),
            Fail: e => Error.New($"{path}: {e.Message}"));

    /// <summary>
    /// Reads and checks the model at <paramref name="path"/>; errors read
    /// <c>model.json: $.layers[0].bias: expected 16 values (outputs), got 15</c>.
    /// </summary>
    public static Fin<TrainedModel<T>> Load<T>(string path) where T : IFloatingPointIeee754<T> =>
        Read(path).Match(
            Succ: bytes => ModelJson.Parse<T>(bytes).Match<Fin<TrainedModel<T>>>(
                Succ: model => model,
                Fail: e => Error.New($"{path}: {e.Message}")),
            Fail: e => e);

    private static Fin<byte[]> Read(string path) => Files.Read(path, MaxBytes, "a model file");

    private static Fin<Unit> Write(string path, byte[] bytes) => Files.WriteAtomically(path, bytes);
}
