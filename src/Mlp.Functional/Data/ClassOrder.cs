using System.Collections.Immutable;
using System.Globalization;

namespace Mlp.Data;

/// <summary>
/// The order that fixes class indices (DESIGN.md): numerically when every label is a finite
/// number (so "10" follows "9"; labels with equal values, such as "1" and "1.0", stay distinct
/// classes and are ordered by their text), otherwise ordinally by text. Class names keep the
/// labels' original text.
/// </summary>
public static class ClassOrder
{
    /// <summary>The distinct labels in class order.</summary>
    public static ImmutableArray<string> Sort(IEnumerable<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToArray();
        var values = new double[distinct.Length];
        var numeric = true;
        for (var i = 0; i < distinct.Length && numeric; i++)
            numeric = TryNumber(distinct[i], out values[i]);
        var order = Enumerable.Range(0, distinct.Length);
        var sorted = numeric
            ? order.OrderBy(i => values[i]).ThenBy(i => distinct[i], StringComparer.Ordinal)
            : order.OrderBy(i => distinct[i], StringComparer.Ordinal);
        return [.. sorted.Select(i => distinct[i])];
    }

    /// <summary>Whether a label reads as a finite number (invariant culture, <c>.</c> decimal point).</summary>
    public static bool TryNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
