using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>Where a save may write, and the temporary files a killed save leaves.</summary>
public static partial class Files
{
    // The file a save of `path` replaces (a symbolic link followed to a regular file), once the
    // name, its temporary name and its kind are fine; else why not, naming `path` as given.
    private static Fin<string> Destination(string path)
    {
        if (path.Trim().Length == 0) return Error.New("expected a file name, got an empty one");
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Error.New($"'{path}' is not a valid file name");
        }
        var kind = FileKinds.Of(full);
        if (kind == FileKind.SymbolicLink)
        {
            // a link to a model file is kept, and the file it leads to replaced
            var leadsTo = FinalTarget(full);
            var at = leadsTo is null ? FileKind.Missing : FileKinds.Of(leadsTo);
            if (at != FileKind.Regular)
                return Error.New($"'{path}' is a symbolic link to '{leadsTo ?? "?"}', which is "
                    + (at == FileKind.Missing ? "not there" : at.Describe()) + "; expected a regular file or a new name");
            (full, kind) = (leadsTo!, at);
        }
        if (kind == FileKind.Directory) return Error.New($"'{path}' is a directory; expected a file name");
        if (kind != FileKind.Missing && kind != FileKind.Regular)
            return Error.New($"'{path}' is {kind.Describe()}; expected a regular file or a new name");
        var dir = Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir))
            return Error.New(File.Exists(dir) ? $"'{dir}' is a file, not a directory (for '{path}')"
                : $"directory '{dir}' does not exist (for '{path}')");
        return NameFits(full, path);
    }

    // The temporary name must fit too: else the save would fail only after all the work.
    private static Fin<string> NameFits(string full, string path)
    {
        var name = Path.GetFileName(full);
        var room = MaxNameBytes - Encoding.UTF8.GetByteCount(TemporaryPrefix("")) - RandomLength;
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > room)
            return Error.New($"the file name {DataErrors.Quote(name)} is {bytes} bytes long; at most {room} fit "
                + $"(a save writes {TemporaryPrefix("NAME")}{new string('X', RandomLength)} first, and a name holds {MaxNameBytes} bytes)");
        var pathBytes = Encoding.UTF8.GetByteCount(full) + (MaxNameBytes - room);
        return pathBytes <= MaxPathBytes ? Fin<string>.Succ(full)
            : Error.New($"the path {DataErrors.Quote(path)} is too long: with its temporary name {pathBytes} bytes, at most {MaxPathBytes}");
    }

    private static string? FinalTarget(string link)
    {
        try { return File.ResolveLinkTarget(link, returnFinalTarget: true)?.FullName; }
        catch (IOException) { return null; } // a loop, or too many links
    }

    // Permissions, read-only mounts and ACLs are easiest to ask by trying: create a file nobody
    // else can see and that vanishes on close. Null when it worked, else the reason.
    private static string? Probe(string dir)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(dir, $".mlp-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    // Temporary files of earlier saves of `name` that were killed (a live save holds its file
    // locked, so it is left alone). Removed to keep a directory from filling with dead models.
    private static void RemoveStale(string directory, string name)
    {
        var prefix = TemporaryPrefix(name);
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, MatchType = MatchType.Simple };
        foreach (var file in Directory.EnumerateFiles(directory, $".*{TemporaryPrefix("")[1..]}*", options))
        {
            var found = Path.GetFileName(file);
            if (found.Length != prefix.Length + RandomLength || !found.StartsWith(prefix, StringComparison.Ordinal)
                || found.AsSpan(prefix.Length).ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789"))
                continue;
            try
            {
                // taking the lock proves no save still writes it; the file goes when the handle closes
                using var stale = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // in use, or not ours to remove
        }
    }
}
