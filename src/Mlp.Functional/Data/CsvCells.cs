using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using csFastFloat;
using nietras.SeparatedValues;

namespace Mlp.Data;

/// <summary>
/// Where a cell's text lies in its raw field: a slice (spaces and tabs around it trimmed, the
/// quotes of a quoted field dropped) or, when a quoted field doubled its quotes, a new string.
/// </summary>
internal readonly record struct CellText(int Start, int Length, string? Unescaped, bool Quoted)
{
    public ReadOnlySpan<char> Of(ReadOnlySpan<char> raw) => Unescaped ?? raw.Slice(Start, Length);
}

/// <summary>
/// How one file writes its cells: the separator, the decimal mark and the words that mean a
/// missing cell; and how a raw field becomes text, a number or a missing cell (RFC 4180 quotes,
/// read leniently: spaces and tabs around a field are trimmed).
/// </summary>
internal sealed class CsvCells
{
    internal static readonly CultureInfo CommaCulture = Comma();
    private readonly System.Collections.Generic.HashSet<string>.AlternateLookup<ReadOnlySpan<char>> missing;
    private readonly ulong startsLow, startsHigh;
    private readonly bool nonAsciiStarts;
    private readonly string spaces;
    private readonly char point;

    private CsvCells(string source, char separator, CsvOptions options)
    {
        (Source, Separator, DecimalComma) = (source, separator, options.DecimalComma);
        var words = options.Missing.IsDefault ? CsvOptions.DefaultMissing : options.Missing;
        var set = new System.Collections.Generic.HashSet<string>(words.Where(w => w.Length > 0), StringComparer.Ordinal);
        missing = set.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var c in set.Select(w => w[0]))
        {
            if (c >= 128) nonAsciiStarts = true;
            else if (c < 64) startsLow |= 1UL << c;
            else startsHigh |= 1UL << (c - 64);
        }
        spaces = separator == ' ' ? "\t" : separator == '\t' ? " " : " \t";
        point = DecimalComma ? ',' : '.';
    }

    /// <summary>The file, for messages.</summary>
    public string Source { get; }

    /// <summary>The character between cells.</summary>
    public char Separator { get; }

    /// <summary>Numbers are written <c>1,5</c>.</summary>
    public bool DecimalComma { get; }

    /// <summary>The cells of a file that <paramref name="options"/> describe, split by <paramref name="separator"/>.</summary>
    public static Fin<CsvCells> Of(CsvOptions options, char separator, string source)
    {
        if (separator is '"' or '#' || (separator != '\t' && (separator < ' ' || separator > '~')))
            return DataErrors.File(source,
                $"the separator {DataErrors.Quote(separator.ToString())} is not supported; expected a tab or a printable ASCII character other than '\"' and '#'");
        return new CsvCells(source, separator, options);
    }

    /// <summary>The Sep reader settings for such a file: no header handling, no column-count check and no unescaping (all done here).</summary>
    public SepReaderOptions ReaderOptions() => new(new Sep(Separator))
    {
        HasHeader = false,
        DisableColCountCheck = true,
        CultureInfo = CultureInfo.InvariantCulture,
    };

    /// <summary>Whether a raw field can be read as it is: not empty, no space, tab, control character or quote at either end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPlain(ReadOnlySpan<char> raw) => raw.Length > 0 && raw[0] > ' ' && raw[0] != '"' && raw[^1] > ' ';

    /// <summary>Whether a cell is missing: empty, or (unquoted) one of the missing words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsMissing(ReadOnlySpan<char> text, bool quoted) =>
        text.IsEmpty || (!quoted && MayStartMissing(text[0]) && missing.Contains(text));

    // A bit per ASCII character that starts a missing word (others checked by the set): one test per cell.
    private bool MayStartMissing(char c) => c < 128 ? ((c < 64 ? startsLow >> c : startsHigh >> (c - 64)) & 1) != 0 : nonAsciiStarts;

    /// <summary>
    /// A plain cell as a number: float and double through csFastFloat (the parser Sep uses,
    /// correctly rounded as .NET's is, and faster: docs/performance.md), what it declines through
    /// .NET's parser, so a cell is a number exactly when .NET reads one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNumber<T>(ReadOnlySpan<char> raw, out T value) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)
            && FastFloatParser.TryParseFloat(raw, out int used, out float f, decimal_separator: point) && used == raw.Length)
        {
            value = Unsafe.As<float, T>(ref f);
            return true;
        }
        if (typeof(T) == typeof(double)
            && FastDoubleParser.TryParseDouble(raw, out used, out double d, decimal_separator: point) && used == raw.Length)
        {
            value = Unsafe.As<double, T>(ref d);
            return true;
        }
        return Numbers.TryParse(raw, DecimalComma, out value);
    }

    /// <summary>
    /// Whether a cell that is not a number looks like one written with a decimal comma in a
    /// <c>;</c>-separated file read without <see cref="DecimalComma"/>.
    /// </summary>
    public bool LooksLikeDecimalComma(ReadOnlySpan<char> text) =>
        !DecimalComma && Separator == ';' && text.Count(',') == 1 && Numbers.TryParse<double>(text, true, out _);

    /// <summary>The text of a raw field: trimmed, and unquoted when quoted; an unclosed quote, or text after the closing one, is the error.</summary>
    public Fin<CellText> Text(ReadOnlySpan<char> raw, int line, int column)
    {
        var (start, end) = (0, raw.Length);
        while (start < end && spaces.Contains(raw[start])) start++;
        while (end > start && spaces.Contains(raw[end - 1])) end--;
        if (start == end || raw[start] != '"') return new CellText(start, end - start, null, false);
        StringBuilder? escaped = null;
        var from = start + 1;
        while (true)
        {
            var close = raw[from..].IndexOf('"');
            if (close < 0)
                return DataErrors.Cell(Source, line, column, null, "the quoted field never ends: expected a closing '\"'");
            close += from;
            if (close + 1 < raw.Length && raw[close + 1] == '"')
            {
                (escaped ??= new StringBuilder()).Append(raw[from..(close + 1)]);
                from = close + 2;
                continue;
            }
            var after = raw[(close + 1)..].TrimStart(spaces);
            if (!after.IsEmpty)
                return DataErrors.Cell(Source, line + Breaks(raw[..close]), column, null,
                    $"expected {SeparatorName} or the end of the line after the closing quote, got {DataErrors.Quote(after[..1])}");
            return escaped is null
                ? new CellText(start + 1, close - start - 1, null, true)
                : new CellText(0, 0, escaped.Append(raw[from..close]).ToString(), true);
        }
    }

    /// <summary>A number as this file would write it: shortest round-trip form, with the file's decimal mark.</summary>
    public string Format<T>(T value) where T : IFloatingPointIeee754<T> =>
        DecimalComma ? Csv.Format(value).Replace('.', ',') : Csv.Format(value);

    /// <summary>The separator as a message names it.</summary>
    public string SeparatorName => Separator == '\t' ? "a tab" : $"'{Separator}'";

    /// <summary>Line breaks (LF, CRLF, CR) in a piece of text.</summary>
    public static int Breaks(ReadOnlySpan<char> text)
    {
        var n = text.Count('\n');
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) n++;
        return n;
    }

    private static CultureInfo Comma()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return CultureInfo.ReadOnly(culture);
    }
}
