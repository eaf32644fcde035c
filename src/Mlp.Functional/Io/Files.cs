using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>
/// The library's one door to the file system for whole files: reads with a size cap checked
/// before anything is allocated, and atomic writes (temporary name, then rename). Every way a
/// read or write can fail comes back as an error that names the path as given.
/// </summary>
public static partial class Files
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

    /// <summary>The longest file name the usual file systems take (ext4, XFS, Btrfs, tmpfs): 255 bytes of UTF-8.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The longest path Linux takes (<c>PATH_MAX</c>, 4096 bytes with the closing NUL).</summary>
    public const int MaxPathBytes = 4095;

    /// <summary>
    /// The name a save of <paramref name="name"/> writes first, <c>.NAME.mlp-tmp-XXXXXXXX</c> with
    /// eight random letters or digits: hidden, and recognisable as Mlp's should a killed save leave one.
    /// </summary>
    public static string TemporaryName(string name) => TemporaryPrefix(name) + Path.GetRandomFileName()[..RandomLength];

    private static string TemporaryPrefix(string name) => $".{name}.mlp-tmp-";
    private const int RandomLength = 8;

    /// <summary>
    /// Whether a file can be saved at <paramref name="path"/>, asked before any work so a typo costs
    /// nothing: its directory exists and takes new files, its name and the temporary name fit, and
    /// it is a new name or a regular file (a symbolic link is followed to one). A device, FIFO,
    /// socket, directory, or a link to any of them is refused, so a save never replaces one.
    /// The result is the file a save replaces; errors name <paramref name="path"/> as given.
    /// </summary>
    public static Fin<string> Writable(string path) =>
        Destination(path).Bind(target => Probe(Path.GetDirectoryName(target)!) is { } why
            ? Error.New($"cannot write in directory '{Path.GetDirectoryName(target)}' (for '{path}'): {why}")
            : Fin<string>.Succ(target));

    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/> (see
    /// <see cref="TemporaryName"/>), flushes it and renames it over the target, so a crash leaves
    /// the old file or the new one, never half. The target must be a new name or a regular file
    /// (as in <see cref="Writable"/>); temporary files of earlier saves to the same path that were
    /// killed are removed first. Nothing is left behind when anything fails.
    /// </summary>
    public static Fin<Unit> WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var destination = Destination(path);
        if (destination.IsFail) return Error.New($"{path}: cannot save: {((Error)destination).Message}");
        var target = (string)destination;
        var (directory, name) = (Path.GetDirectoryName(target)!, Path.GetFileName(target));
        string? temporary = null;
        try
        {
            RemoveStale(directory, name);
            // same directory, so the rename below stays on one file system and is atomic
            temporary = Path.Combine(directory, TemporaryName(name));
            // FileShare.None also takes a lock (flock on Unix) that tells a later save this file is in use, not stale
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true); // the bytes are on disk before the name points at them
            }
            // asked again just before the rename: a device or link put there meanwhile must not be replaced
            if (FileKinds.Of(target) is not (FileKind.Missing or FileKind.Regular) and var kind)
                return Error.New($"{path}: cannot save: it is now {kind.Describe()}; expected a regular file or a new name");
            File.Move(temporary, target, overwrite: true);
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
