using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mlp.Data;

public static partial class Csv
{
    /// <summary>
    /// Writes a data set as CSV that <see cref="Read{T}(string, string, CsvOptions?)"/> reads back
    /// equal (with <see cref="OptionsFor{T}"/>): a header of feature then target names, numbers in
    /// their shortest round-trip form, class names for labels, LF line ends.
    /// </summary>
    public static string Write<T>(Dataset<T> data) where T : IFloatingPointIeee754<T>
    {
        var sb = new StringBuilder();
        Line(sb, data.FeatureNames.Concat(data.TargetNames));
        for (var i = 0; i < data.Rows; i++)
        {
            var cells = data.Features.Row(i).ToArray().Select(Format);
            Line(sb, data.IsClassification
                ? cells.Append(data.Classes[data.Labels[i]])
                : cells.Concat(data.Targets.Row(i).ToArray().Select(Format)));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Options that read a file the way <paramref name="data"/> was read: its feature and target
    /// columns by name and its classes (a label outside them is an error). They read
    /// <see cref="Write{T}"/>'s output back as the same data set, and a test file as its training set.
    /// </summary>
    public static CsvOptions OptionsFor<T>(Dataset<T> data) where T : IFloatingPointIeee754<T> => new()
    {
        Targets = data.TargetNames,
        Features = data.FeatureNames,
        Classes = data.IsClassification ? data.Classes : default,
        Task = data.IsClassification ? TaskKind.Classification : TaskKind.Regression,
    };

    /// <summary>A number in the invariant culture, shortest form that parses back to the same bits.</summary>
    public static string Format<T>(T value) where T : IFloatingPointIeee754<T> =>
        value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>A field as CSV: quoted (with quotes doubled) when it holds a separator the reader
    /// might detect (<c>, ; tab |</c>), a quote, a line break, or space at either end, or is empty,
    /// or is a word that means a missing cell unquoted (NA, NaN, …); as it is otherwise.</summary>
    public static string Field(string text) =>
        text.Length == 0 || text.AsSpan().IndexOfAny(",;\t|\"\r\n") >= 0 || text.Trim(' ').Length != text.Length
            || CsvOptions.DefaultMissing.Contains(text)
            ? $"\"{text.Replace("\"", "\"\"")}\""
            : text;

    private static void Line(StringBuilder sb, IEnumerable<string> fields) =>
        sb.AppendJoin(',', fields.Select(Field)).Append('\n');
}
