using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Tensors;
using static LanguageExt.Prelude;

namespace Mlp.Data;

/// <summary>
/// CSV text to a <see cref="Dataset{T}"/> and back. A header row of distinct names, then one
/// row per example; comma-separated; numbers in the invariant culture (<c>.</c> decimal point);
/// every feature a finite number. Blank lines are skipped anywhere; a first line of only numbers
/// is taken as a missing header. Pure: the caller reads the file (the Io layer's CsvFile)
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
        var settings = options ?? CsvOptions.Default;
        // Text never holds NUL; binary files (PNG, gzip, IDX, executables) nearly always do.
        if (text.IndexOf('\0') is var nul and >= 0)
            return DataErrors.Line(source, 1 + LineBreaks(text.AsSpan(0, nul)),
                "a NUL character: this looks like a binary file, not CSV text (expected comma-separated UTF-8 text)");
        var tokens = new CsvTokens(text, source);
        var header = new List<CsvField>();
        return from _ in Header(tokens, header, source)
               from cols in CsvColumns.Resolve(header, text, source, settings)
               from task in TaskOf(cols, settings, source)
               from data in Body<T>(tokens, text, source, cols, task, settings.Classes)
               select data;
    }

    // The first record, into `header`; an empty file has none.
    private static Fin<Unit> Header(CsvTokens tokens, List<CsvField> header, string source) =>
        tokens.Next(header).Bind(read => read
            ? Fin<Unit>.Succ(unit)
            : DataErrors.Line(source, tokens.Line, "the file is empty; expected a header row of column names, then data rows"));

    // Classes given by the caller make a classification; it has one target column.
    private static Fin<TaskKind> TaskOf(CsvColumns cols, CsvOptions options, string source)
    {
        var task = options.Classes.IsDefault ? options.Task : TaskKind.Classification;
        if (task == TaskKind.Classification && cols.Targets.Length != 1)
            return DataErrors.Line(source, cols.Line, $"classification takes exactly one target column, got {cols.Targets.Length}");
        return task;
    }

    // The data rows: features as numbers; one target column's text kept until the task is decided.
    private static Fin<Dataset<T>> Body<T>(CsvTokens tokens, string text, string source, CsvColumns cols, TaskKind task,
        ImmutableArray<string> classes) where T : IFloatingPointIeee754<T>
    {
        var labelled = task != TaskKind.Regression && cols.Targets.Length == 1;
        var (x, y, labels) = (new List<T>(), new List<T>(), new List<CsvTargets.Cell>());
        var fields = new List<CsvField>();
        var rows = 0;
        for (; ; rows++)
        {
            var next = tokens.Next(fields);
            if (next.IsFail) return (Error)next;
            if (!(bool)next) break;
            if (fields.Count != cols.Names.Length)
                return DataErrors.Line(source, fields[0].Line, $"expected {cols.Names.Length} fields, as the header has, got {fields.Count}");
            var cells = Cells(fields, cols.Features, text, source, cols.Names, x);
            if (cells.IsFail) return (Error)cells;
            if (labelled)
                labels.Add(new CsvTargets.Cell(fields[cols.Targets[0]].Text(text).ToString(), fields[cols.Targets[0]]));
            else if ((cells = Cells(fields, cols.Targets, text, source, cols.Names, y)).IsFail)
                return (Error)cells;
        }
        if (rows == 0)
            return DataErrors.Line(source, cols.Line, "no data rows after the header; expected at least one row");
        var features = Matrix<T>.Own([.. x], rows, cols.Features.Length);
        var shell = new Dataset<T>(source, features, [.. cols.Features.Select(j => cols.Names[j])],
            Matrix<T>.Own([.. y], rows, labelled ? 0 : cols.Targets.Length), [.. cols.Targets.Select(j => cols.Names[j])], [], []);
        return labelled ? CsvTargets.Complete(shell, labels, task, classes, source, cols.Line) : shell;
    }

    // The given columns' cells as numbers, appended to `into`; a cell that is not a finite number is the error.
    private static Fin<Unit> Cells<T>(List<CsvField> fields, int[] columns, string text, string source, string[] names,
        List<T> into) where T : IFloatingPointIeee754<T>
    {
        foreach (var j in columns)
        {
            var number = Number<T>(fields[j].Text(text), fields[j], source, names[j]);
            if (number.IsFail) return (Error)number;
            into.Add((T)number);
        }
        return unit;
    }

    /// <summary>One cell as a finite number of type <typeparamref name="T"/>, or why it is not one.</summary>
    internal static Fin<T> Number<T>(ReadOnlySpan<char> s, CsvField field, string source, string name)
        where T : IFloatingPointIeee754<T>
    {
        if (T.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && T.IsFinite(value)) return value;
        // only a bad cell gets here: parsing it twice costs nothing worth saving
        var parsed = T.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
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
