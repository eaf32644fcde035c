using LanguageExt;
using LanguageExt.Common;

namespace Mlp.Data.Io;

/// <summary>Whole-file reads with a size cap, and atomic writes (temporary name, then rename).</summary>
internal static class Files
{
    /// <summary>Reads a whole file of at most <paramref name="maxBytes"/> bytes; errors name the path.</summary>
    public static Fin<byte[]> Read(string path, long maxBytes, string what)
    {
        try
        {
            if (Directory.Exists(path)) return Error.New($"{path}: is a directory, not {what}");
            if (!File.Exists(path)) return Error.New($"{path}: no such file");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // check the size before allocating a buffer for it
            if (stream.Length > maxBytes)
                return Error.New($"{path}: the file has {stream.Length} bytes, more than {what} may have ({maxBytes})");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Error.New($"{path}: cannot read: {e.Message}");
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, flushes
    /// it and renames it over the target, so a crash leaves the old file or the new one, never half.
    /// </summary>
    public static Fin<Unit> WriteAtomically(string path, byte[] bytes)
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
