using LanguageExt;

namespace Mlp.Data.Io;

/// <summary>Reads a whole file, turning every way that can fail into an error that names it.</summary>
internal static class FileBytes
{
    /// <summary>The largest file read into memory (2 GiB − 1, the limit of a .NET array).</summary>
    public const long MaxBytes = int.MaxValue;

    public static Fin<byte[]> Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path)) return DataErrors.File(path, "is a directory; expected a file");
            if (!info.Exists) return DataErrors.File(path, "no such file");
            if (info.Length > MaxBytes)
                return DataErrors.File(path, $"the file has {info.Length} bytes; expected at most {MaxBytes}");
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException or System.Security.SecurityException)
        {
            return DataErrors.File(path, $"cannot read the file ({e.Message})");
        }
    }
}
