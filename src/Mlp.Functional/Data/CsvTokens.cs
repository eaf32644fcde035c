using System.Text;
using LanguageExt;
using LanguageExt.Common;

namespace Mlp.Data;

/// <summary>One field of a record: where it starts (line and 1-based column) and its text.</summary>
internal readonly record struct CsvField(int Line, int Column, int Start, int Length, string? Unescaped)
{
    public ReadOnlySpan<char> Text(string source) => Unescaped ?? source.AsSpan(Start, Length);
}

/// <summary>
/// Splits CSV text into records (RFC 4180, leniently): fields separated by commas; spaces and
/// tabs around a field trimmed; a field in double quotes may hold commas, line breaks and
/// doubled quotes (<c>""</c>); a quote inside an unquoted field is an ordinary character.
/// Lines end in LF, CRLF or CR; a leading byte-order mark and blank lines are skipped.
/// </summary>
internal sealed class CsvTokens(string text, string source)
{
    private int pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
    private int line = 1;

    /// <summary>The line the next record starts on (after blank lines are skipped).</summary>
    public int Line => line;

    /// <summary>
    /// Reads the next record into <paramref name="fields"/>: true when a record was read, false at
    /// the end of the text, or the problem (a quoted field that never ends, say).
    /// </summary>
    public Fin<bool> Next(List<CsvField> fields)
    {
        fields.Clear();
        SkipBlankLines();
        if (pos >= text.Length) return false;
        for (var column = 1; ; column++)
        {
            SkipSpaces();
            if (pos < text.Length && text[pos] == '"')
            {
                var quoted = Quoted(column);
                if (quoted.IsFail) return (Error)quoted;
                fields.Add((CsvField)quoted);
            }
            else fields.Add(Unquoted(column));
            if (pos >= text.Length) return true;
            if (text[pos] == ',') { pos++; continue; }
            EndLine();
            return true;
        }
    }

    private CsvField Unquoted(int column)
    {
        var start = pos;
        while (pos < text.Length && text[pos] is not (',' or '\r' or '\n')) pos++;
        var end = pos;
        while (end > start && IsSpace(text[end - 1])) end--;
        return new CsvField(line, column, start, end - start, null);
    }

    private Fin<CsvField> Quoted(int column)
    {
        var (firstLine, open) = (line, pos);
        StringBuilder? escaped = null;
        pos++;
        var start = pos;
        while (true)
        {
            var close = text.IndexOf('"', pos);
            if (close < 0)
                return DataErrors.Cell(source, firstLine, column, null, "the quoted field never ends: expected a closing '\"'");
            CountLines(pos, close);
            if (close + 1 < text.Length && text[close + 1] == '"')
            {
                (escaped ??= new StringBuilder()).Append(text, pos, close + 1 - pos);
                pos = close + 2;
                continue;
            }
            var field = escaped is null
                ? new CsvField(firstLine, column, start, close - start, null)
                : new CsvField(firstLine, column, open, 0, escaped.Append(text, pos, close - pos).ToString());
            pos = close + 1;
            SkipSpaces();
            if (pos >= text.Length || text[pos] is ',' or '\r' or '\n') return field;
            return DataErrors.Cell(source, line, column, null,
                $"expected ',' or the end of the line after the closing quote, got {DataErrors.Quote(text.AsSpan(pos, 1))}");
        }
    }

    private void SkipBlankLines()
    {
        while (true)
        {
            var p = pos;
            while (p < text.Length && IsSpace(text[p])) p++;
            if (p >= text.Length) { pos = p; return; }
            if (text[p] is not ('\r' or '\n')) return;
            pos = p;
            EndLine();
        }
    }

    // At a line break: step over it (CRLF counts once).
    private void EndLine()
    {
        if (text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n') pos++;
        pos++;
        line++;
    }

    private void CountLines(int from, int to)
    {
        for (var i = from; i < to; i++)
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
    }

    private void SkipSpaces()
    {
        while (pos < text.Length && IsSpace(text[pos])) pos++;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t';
}
