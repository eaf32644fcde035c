using System.Numerics;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using nietras.SeparatedValues;

namespace Mlp.Data;

/// <summary>
/// CSV text to a <see cref="Table{T}"/> or a <see cref="Dataset{T}"/>, and back. A header row of
/// distinct names (or none), then one row per example; the separator detected from the header
/// among <c>, ; tab |</c>; quoted fields as RFC 4180; numbers in the invariant culture (or with a
/// decimal comma); blank lines skipped anywhere. Pure: the Io layer's CsvFile streams files
/// through the same row-handling core, and the caller passes a display name for messages.
/// </summary>
public static partial class Csv
{
    /// <summary>The separators detected from a header, in the order that breaks a tie.</summary>
    public const string Separators = ",;\t|";

    /// <summary>Decodes file bytes as UTF-8 leniently (invalid sequences become U+FFFD, a byte-order mark is dropped).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => new UTF8Encoding(false, false).GetString(bytes);

    /// <summary>
    /// Reads a table from CSV text: features numeric (every cell that is present a number) or
    /// text, targets as text (or numbers when regression is asked for), missing cells kept. The
    /// first problem found is the error, as <c>source: line L, column C (name): what was expected</c>.
    /// </summary>
    public static Fin<Table<T>> ReadTable<T>(string text, string source, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T> => TableOf<T>(text, source, options ?? CsvOptions.Default, strict: false);

    /// <summary>
    /// Reads a table from a file's bytes in <see cref="CsvOptions.Encoding"/>: bytes that are not
    /// UTF-8 (unless Latin-1) and NUL bytes are an error naming their line.
    /// </summary>
    public static Fin<Table<T>> ReadTable<T>(ReadOnlySpan<byte> bytes, string source, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T>
    {
        var settings = options ?? CsvOptions.Default;
        return Text(bytes, source, settings.Encoding).Bind(text => ReadTable<T>(text, source, settings));
    }

    /// <summary>Reads a data set of numbers from UTF-8 bytes; see <see cref="Read{T}(string, string, CsvOptions?)"/>.</summary>
    public static Fin<Dataset<T>> Read<T>(ReadOnlySpan<byte> utf8, string source, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T> =>
        Text(utf8, source, (options ?? CsvOptions.Default).Encoding).Bind(text => Read<T>(text, source, options));

    /// <summary>
    /// Reads a data set of numbers from CSV text: every feature cell a finite number, no cell
    /// missing (a table, and a pipeline, take text and missing values). The data set's name is
    /// <paramref name="source"/>; for regression its classes and labels are empty.
    /// </summary>
    public static Fin<Dataset<T>> Read<T>(string text, string source, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T>
    {
        var settings = options ?? CsvOptions.Default;
        return TableOf<T>(text, source, settings, strict: true).Bind(table => ToDataset(table, settings));
    }

    /// <summary>
    /// The separator of a file from its first lines: of <c>, ; tab |</c>, the one found most often
    /// outside quotes on the first line that is not blank; a tie goes to the earlier in
    /// <see cref="Separators"/>, and none found means a comma.
    /// </summary>
    public static char DetectSeparator(ReadOnlySpan<char> head) => Detect(head).Separator;

    /// <summary>The separator, and whether <paramref name="head"/> holds the whole first line that is not blank.</summary>
    internal static (char Separator, bool Complete) Detect(ReadOnlySpan<char> head)
    {
        Span<int> counts = stackalloc int[Separators.Length];
        var (quoted, blank, complete) = (false, true, false);
        foreach (var c in head)
        {
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c is '\n' or '\r') { if (!blank) { complete = true; break; } }
            else if (Separators.IndexOf(c) is var k and >= 0) { counts[k]++; blank = false; }
            else if (c is not (' ' or '\t')) blank = false;
        }
        var best = 0;
        for (var k = 1; k < counts.Length; k++) if (counts[k] > counts[best]) best = k;
        return (Separators[best], complete);
    }

    /// <summary>The table a Sep reader holds: the core shared by text and streamed files.</summary>
    internal static Fin<Table<T>> ReadTable<T>(SepReader reader, CsvCells cells, CsvOptions options, bool strict)
        where T : IFloatingPointIeee754<T> => CsvRows.Read<T>(reader, cells, options, strict);

    /// <summary>A data set of numbers from a table read strictly (no text features, no missing cells).</summary>
    internal static Fin<Dataset<T>> ToDataset<T>(Table<T> table, CsvOptions options) where T : IFloatingPointIeee754<T>
    {
        var features = CsvDataset.Features(table);
        if (table.Targets.IsEmpty)
            return new Dataset<T>(table.Name, features, table.FeatureNames, Tensors.Matrix<T>.Own([], table.Rows, 0), [], [], []);
        return Data.Targets.Decide(table, options.Task, options.Classes, strict: true).Map((Targets<T> t) => new Dataset<T>(table.Name,
            t.Rows.Length == table.Rows ? features : CsvDataset.Rows(features, t.Rows.AsSpan()), table.FeatureNames, t.Values, t.Names,
            t.IsClassification ? t.Classes : [], t.IsClassification ? t.Labels : []));
    }

    private static Fin<Table<T>> TableOf<T>(string text, string source, CsvOptions options, bool strict)
        where T : IFloatingPointIeee754<T>
    {
        // Text never holds NUL; binary files (PNG, gzip, IDX, executables) nearly always do.
        if (text.IndexOf('\0') is var nul and >= 0)
            return DataErrors.Line(source, 1 + CsvCells.Breaks(text.AsSpan(0, nul)),
                "a NUL character: this looks like a binary file, not CSV text (expected comma-separated UTF-8 text)");
        if (text.StartsWith('\uFEFF')) text = text[1..];
        return CsvCells.Of(options, options.Separator ?? DetectSeparator(text), source).Bind(cells =>
        {
            using var reader = cells.ReaderOptions().FromText(text);
            return ReadTable<T>(reader, cells, options, strict);
        });
    }

    // Decodes a whole file's bytes; the decoder stops at the first bad byte or NUL and says where.
    private static Fin<string> Text(ReadOnlySpan<byte> bytes, string source, TextEncoding encoding)
    {
        var decoder = new CsvDecoder(encoding, source);
        var chars = new char[bytes.Length];
        var n = decoder.Decode(bytes, chars, final: true, out _);
        return decoder.Problem is { } problem ? Fin<string>.Fail(problem) : new string(chars, 0, n);
    }
}
