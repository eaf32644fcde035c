using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>
/// The library's one door to the file system for whole files: reads with a size cap checked
/// before anything is allocated, and atomic writes (temporary name, then rename). Every way a
/// read or write can fail comes back as an error that names the path as given.
/// </summary>
public static class Files
{
    /// <summary>The largest file read into memory: the longest byte array .NET can make (just under 2 GiB).</summary>
    public static readonly long MaxBytes = Array.MaxLength;

    /// <summary>
    /// Reads the whole file at <paramref name="path"/>, of at most <paramref name="maxBytes"/>
    /// bytes; <paramref name="what"/> says what the file should be, for messages.
    /// </summary>
    public static Fin<byte[]> Read(string path, long maxBytes = long.MaxValue, string what = "a file")
    {
        try
        {
            if (Directory.Exists(path)) return Error.New($"{path}: is a directory; expected {what}");
            if (!File.Exists(path)) return Error.New($"{path}: no such file");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // check the size before allocating a buffer for it
            if (stream.Length > Math.Min(maxBytes, MaxBytes))
                return Error.New($"{path}: the file has {stream.Length} bytes; expected at most {Math.Min(maxBytes, MaxBytes)} for {what}");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException or System.Security.SecurityException)
        {
            return Error.New($"{path}: cannot read the file ({e.Message})");
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, flushes
    /// it and renames it over the target, so a crash leaves the old file or the new one, never
    /// half. The directory must exist; nothing is left behind when anything fails.
    /// </summary>
    public static Fin<Unit> WriteAtomically(string path, ReadOnlySpan<byte> bytes)
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
