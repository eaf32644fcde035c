using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Model;
using Mlp.Serialization;

namespace Mlp.Data.Io;

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

    private static Fin<byte[]> Read(string path)
    {
        try
        {
            if (Directory.Exists(path)) return Error.New($"{path}: is a directory, not a model file");
            if (!File.Exists(path)) return Error.New($"{path}: no such file");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // check the size before allocating a buffer for it
            if (stream.Length > MaxBytes)
                return Error.New($"{path}: the file has {stream.Length} bytes, more than a model file may have ({MaxBytes})");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Error.New($"{path}: cannot read: {e.Message}");
        }
    }

    private static Fin<Unit> Write(string path, byte[] bytes)
    {
        string? temporary = null;
        try
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full) ?? ".";
            if (!Directory.Exists(directory)) return Error.New($"{path}: cannot save: the directory {directory} does not exist");
            if (Directory.Exists(full)) return Error.New($"{path}: cannot save: it is a directory");
            // same directory, so the rename below stays on one file system and is atomic
            temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Path.GetRandomFileName()}.tmp");
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true); // the bytes are on disk before the name points at them
            }
            File.Move(temporary, full, overwrite: true);
            temporary = null;
            return Unit.Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Error.New($"{path}: cannot save: {e.Message}");
        }
        finally
        {
            if (temporary is not null) TryDelete(temporary);
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // best effort: the save already failed
    }
}
