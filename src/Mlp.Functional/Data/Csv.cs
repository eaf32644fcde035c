using System.Globalization;
using System.Numerics;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Tensors;

namespace Mlp.Data;

/// <summary>
/// CSV text to a <see cref="Dataset{T}"/> and back. A header row of distinct names, then one
/// row per example; comma-separated; numbers in the invariant culture (<c>.</c> decimal point);
/// every feature a finite number. Blank lines are skipped anywhere; a first line of only numbers
/// is taken as a missing header. Pure: the caller reads the file (see <c>Mlp.Data.Io.CsvFile</c>)
/// and passes a display name for messages.
/// </summary>
public static partial class Csv
{
    /// <summary>Decodes file bytes as UTF-8 (invalid sequences become U+FFFD, a byte-order mark is dropped).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => new UTF8Encoding(false, false).GetString(bytes);

    /// <summary>Reads a data set from UTF-8 bytes; see <see cref="Read{T}(string, string, CsvOptions?)"/>.</summary>
    public static Fin<Dataset<T>> Read<T>(ReadOnlySpan<byte> utf8, string source, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T> => Read<T>(Decode(utf8), source, options);

    /// <summary>
    /// Reads a data set from CSV text. The first problem found is the error, as
    /// <c>source: line L, column C (name): what was expected</c>. The data set's name is
    /// <paramref name="source"/>; for regression its classes and labels are empty.
    /// </summary>
    public static Fin<Dataset<T>> Read<T>(string text, string source, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T>
    {
        options ??= CsvOptions.Default;
        // Text never holds NUL; binary files (PNG, gzip, IDX, executables) nearly always do.
        if (text.IndexOf('\0') is var nul and >= 0)
            return DataErrors.Line(source, 1 + LineBreaks(text.AsSpan(0, nul)),
                "a NUL character: this looks like a binary file, not CSV text (expected comma-separated UTF-8 text)");
        var tokens = new CsvTokens(text, source);
        var fields = new List<CsvField>();
        if (!tokens.Next(fields, out var error))
            return error ?? DataErrors.Line(source, tokens.Line,
                "the file is empty; expected a header row of column names, then data rows");
        var resolved = CsvColumns.Resolve(fields, text, source, options);
        if (resolved.IsFail) return (Error)resolved;
        var cols = (CsvColumns)resolved;

        var task = options.Classes.IsDefault ? options.Task : TaskKind.Classification;
        if (task == TaskKind.Classification && cols.Targets.Length != 1)
            return DataErrors.Line(source, cols.Line,
                $"classification takes exactly one target column, got {cols.Targets.Length}");
        // One target column might hold labels, so keep its text until the task is decided.
        var labelled = task != TaskKind.Regression && cols.Targets.Length == 1;
        var x = new List<T>();
        var y = new List<T>();
        var labels = new List<CsvTargets.Cell>();
        var rows = 0;
        while (tokens.Next(fields, out error))
        {
            if (fields.Count != cols.Names.Length)
                return DataErrors.Line(source, fields[0].Line,
                    $"expected {cols.Names.Length} fields, as the header has, got {fields.Count}");
            foreach (var j in cols.Features)
                if (Number(fields[j].Text(text), fields[j], source, cols.Names[j], out T v) is { } e) return e;
                else x.Add(v);
            if (labelled)
                labels.Add(new CsvTargets.Cell(fields[cols.Targets[0]].Text(text).ToString(), fields[cols.Targets[0]]));
            else
                foreach (var j in cols.Targets)
                    if (Number(fields[j].Text(text), fields[j], source, cols.Names[j], out T v) is { } e) return e;
                    else y.Add(v);
            rows++;
        }
        if (error is not null) return error;
        if (rows == 0)
            return DataErrors.Line(source, cols.Line, "no data rows after the header; expected at least one row");
        var features = Matrix<T>.Own([.. x], rows, cols.Features.Length);
        var shell = new Dataset<T>(source, features, [.. cols.Features.Select(j => cols.Names[j])],
            Matrix<T>.Own([.. y], rows, labelled ? 0 : cols.Targets.Length), [.. cols.Targets.Select(j => cols.Names[j])], [], []);
        return labelled ? CsvTargets.Complete(shell, labels, task, options.Classes, source, cols.Line) : shell;
    }

    /// <summary>Parses one cell as a finite number of type <typeparamref name="T"/>.</summary>
    internal static Error? Number<T>(ReadOnlySpan<char> s, CsvField field, string source, string name, out T value)
        where T : IFloatingPointIeee754<T>
    {
        var parsed = T.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var read);
        value = parsed ? read! : T.Zero;
        if (parsed && T.IsFinite(value)) return null;
        var what = s.Length == 0 ? "expected a number, got an empty field"
            : !parsed ? $"expected a number, got {DataErrors.Quote(s)}"
            : IsNaNOrInfinity(s)
                ? $"expected a finite number, got {DataErrors.Quote(s)} (NaN and infinity are not allowed)"
                : $"{DataErrors.Quote(s)} is out of range for {typeof(T).Name}; expected a finite number";
        return DataErrors.Cell(source, field.Line, field.Column, name, what);
    }

    // Lines end in LF, CRLF or CR, as CsvTokens counts them.
    private static int LineBreaks(ReadOnlySpan<char> s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
            if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.Length || s[i + 1] != '\n'))) n++;
        return n;
    }

    // The culture's NaN and infinity symbols, as opposed to a number too large for T.
    private static bool IsNaNOrInfinity(ReadOnlySpan<char> s)
    {
        s = s.Trim().TrimStart("+-");
        return s.Equals("NaN", StringComparison.OrdinalIgnoreCase) || s.Equals("Infinity", StringComparison.OrdinalIgnoreCase)
            || s.Equals("∞", StringComparison.Ordinal);
    }
}
