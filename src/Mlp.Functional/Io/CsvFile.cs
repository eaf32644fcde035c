using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using nietras.SeparatedValues;

namespace Mlp.Io;

/// <summary>
/// Reads CSV files as tables or data sets, streaming them (a 64 KB block of text at a time)
/// through the same reader as <see cref="Csv.ReadTable{T}(string, string, CsvOptions?)"/>;
/// messages name the path as given.
/// </summary>
public static class CsvFile
{
    /// <summary>
    /// The table in the file at <paramref name="path"/>, read as
    /// <see cref="Csv.ReadTable{T}(string, string, CsvOptions?)"/> reads text, in the options'
    /// encoding: bytes that are not UTF-8 (unless Latin-1) or a NUL byte are an error naming the line.
    /// </summary>
    public static Fin<Table<T>> LoadTable<T>(string path, CsvOptions? options = null) where T : IFloatingPointIeee754<T> =>
        Read<T>(path, options ?? CsvOptions.Default, strict: false);

    /// <summary>The data set of numbers in the file at <paramref name="path"/>; see <see cref="Csv.Read{T}(string, string, CsvOptions?)"/>.</summary>
    public static Fin<Dataset<T>> Load<T>(string path, CsvOptions? options = null) where T : IFloatingPointIeee754<T>
    {
        var settings = options ?? CsvOptions.Default;
        return Read<T>(path, settings, strict: true).Bind(table => Csv.ToDataset(table, settings));
    }

    private static Fin<Table<T>> Read<T>(string path, CsvOptions options, bool strict) where T : IFloatingPointIeee754<T>
    {
        try
        {
            if (Directory.Exists(path)) return Error.New($"{path}: is a directory; expected a file");
            if (!File.Exists(path)) return Error.New($"{path}: no such file");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return Read<T>(stream, path, options, strict);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException or System.Security.SecurityException)
        {
            return Error.New($"{path}: cannot read the file ({e.Message})");
        }
    }

    /// <summary>
    /// The table in <paramref name="stream"/>, decoded <paramref name="blockLength"/> bytes at a
    /// time (tests make blocks tiny to cut characters and line ends in two).
    /// </summary>
    internal static Fin<Table<T>> Read<T>(Stream stream, string source, CsvOptions options, bool strict,
        int blockLength = FileText.BlockLength) where T : IFloatingPointIeee754<T>
    {
        using var text = new FileText(stream, new CsvDecoder(options.Encoding, source), blockLength);
        var separator = options.Separator ?? Csv.DetectSeparator(text.Head());
        return CsvCells.Of(options, separator, source).Bind(cells =>
        {
            using var reader = cells.ReaderOptions().From(text);
            var table = Csv.ReadTable<T>(reader, cells, options, strict);
            // A stop for a bad byte looks like the end of the file to the reader: the bad byte is the problem.
            return text.Problem is { } problem ? Fin<Table<T>>.Fail(problem) : table;
        });
    }
}
