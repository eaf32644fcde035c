using System.Runtime.InteropServices;

namespace Mlp.Io;

/// <summary>What a path names, without following a symbolic link at its end.</summary>
internal enum FileKind { Missing, Regular, Directory, SymbolicLink, CharacterDevice, BlockDevice, Fifo, Socket }

/// <summary>
/// The kind of a path, as <c>lstat</c> tells it. .NET reports a device or a FIFO as a "normal"
/// file, and a save that renames over one (as root, <c>--out /dev/full</c>) would replace the
/// device with a regular file; so on Linux this asks the kernel (<c>statx</c>, whose layout is
/// the same on every architecture), elsewhere it falls back to what .NET can tell.
/// </summary>
internal static partial class FileKinds
{
    /// <summary>The kind of <paramref name="path"/>; a symbolic link is not followed.</summary>
    public static FileKind Of(string path) => Statx(path) ?? Fallback(path);

    /// <summary>How a kind reads in a message: <c>a character device</c>.</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "nothing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        _ => "a socket",
    };

    private static FileKind Fallback(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return FileKind.SymbolicLink;
        return Directory.Exists(path) ? FileKind.Directory : info.Exists ? FileKind.Regular : FileKind.Missing;
    }

    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, StatxType = 0x1, ENOENT = 2, ENOTDIR = 20;

    // null when statx cannot be asked (not Linux, or a C library without it): the caller falls back.
    private static unsafe FileKind? Statx(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = stackalloc byte[256]; // struct statx is 256 bytes; stx_mode is the u16 at offset 28
        try
        {
            if (StatxCall(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
                return Marshal.GetLastPInvokeError() is ENOENT or ENOTDIR ? FileKind.Missing : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return (*(ushort*)(buffer + 28) & 0xF000) switch // S_IFMT
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            _ => FileKind.Socket,
        };
    }

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxCall(int dirfd, string path, int flags, uint mask, byte* buffer);
}
