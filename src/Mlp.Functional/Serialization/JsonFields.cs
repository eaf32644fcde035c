using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mlp.Serialization;

/// <summary>
/// Checked reads of JSON values for the model-file loader. Each returns <c>null</c> when the
/// value is acceptable, or the problem as <c>"PATH: expected …, got …"</c>. Paths of single
/// numbers are built only when something is wrong, so reading 10⁸ weights allocates no strings.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// The object's properties by name, after checking that <paramref name="e"/> is an object
    /// whose every property is in <paramref name="known"/> and appears once (a typo in an
    /// optional field would otherwise drop it silently).
    /// </summary>
    public static string? Object(JsonValue e, string path, string[] known, out Dictionary<string, JsonValue> fields)
    {
        fields = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        if (e.Kind != JsonTokenType.StartObject) return $"{path}: expected an object, got {Describe(e)}";
        foreach (var (name, value) in e.Properties())
        {
            if (name is null) return $"{path}: a property name is not valid UTF-8";
            if (System.Array.IndexOf(known, name) < 0)
                return $"{Member(path, name)}: unknown property; known: {string.Join(", ", known)}";
            if (!fields.TryAdd(name, value)) return $"{Member(path, name)}: appears twice";
        }
        return null;
    }

    /// <summary>A required whole number in <c>[min, max]</c>.</summary>
    public static string? Int(Dictionary<string, JsonValue> fields, string path, string name, int min, int max, out int value)
    {
        value = 0;
        var expected = $"expected a whole number from {min} to {max}";
        if (!fields.TryGetValue(name, out var e)) return $"{Member(path, name)}: missing; {expected}";
        if (!e.TryGetInt64(out var v) || v < min || v > max)
            return $"{Member(path, name)}: {expected}, got {Describe(e)}";
        value = (int)v;
        return null;
    }

    /// <summary>A required string.</summary>
    public static string? Text(Dictionary<string, JsonValue> fields, string path, string name, string expected, out string value)
    {
        value = "";
        if (!fields.TryGetValue(name, out var e)) return $"{Member(path, name)}: missing; expected {expected}";
        return Text(e, Member(path, name), expected, out value);
    }

    /// <summary>A string value (valid UTF-8).</summary>
    public static string? Text(JsonValue e, string path, string expected, out string value)
    {
        value = "";
        if (e.Kind != JsonTokenType.String) return $"{path}: expected {expected}, got {Describe(e)}";
        try { value = e.GetString()!; }
        catch (InvalidOperationException) { return $"{path}: expected {expected}, got text that is not valid UTF-8"; }
        return null;
    }

    /// <summary>An array of exactly <paramref name="count"/> elements.</summary>
    public static string? ArrayOf(JsonValue e, string path, int count, string what)
    {
        if (e.Kind != JsonTokenType.StartArray) return $"{path}: expected an array of {count} {what}, got {Describe(e)}";
        var n = e.Count();
        return n == count ? null : $"{path}: expected {count} {what}, got {n}";
    }

    /// <summary>
    /// Reads an array of exactly <c>into.Length</c> finite numbers into <paramref name="into"/>,
    /// parsing each as <typeparamref name="TNum"/> directly (never through another type), so a
    /// value written as the shortest round-trip text of a float reads back to the same bits.
    /// </summary>
    public static string? Numbers<TNum>(JsonValue e, string path, string what, Span<TNum> into, bool nonZero = false)
        where TNum : IFloatingPointIeee754<TNum>
    {
        if (e.Kind != JsonTokenType.StartArray) return $"{path}: expected an array of {into.Length} {what}, got {Describe(e)}";
        return e.ParseNumbers(into, nonZero) is { } p ? Explain<TNum>(p, path, into.Length, what, nonZero) : null;
    }

    /// <summary>
    /// Reads a matrix written as <c>into.Length / cols</c> rows of <paramref name="cols"/> finite
    /// numbers (see <see cref="Numbers{TNum}"/>) into <paramref name="into"/>, row-major.
    /// </summary>
    public static string? Rows<TNum>(JsonValue e, string path, string rowsWhat, int cols, string colsWhat, Span<TNum> into)
        where TNum : IFloatingPointIeee754<TNum>
    {
        if (ArrayOf(e, path, into.Length / cols, rowsWhat) is { } badRows) return badRows;
        return e.ParseRows(into, cols) is { } p ? Explain<TNum>(p, $"{path}[{p.Row}]", cols, colsWhat, nonZero: false) : null;
    }

    private static string Explain<TNum>(NumberProblem p, string path, int count, string what, bool nonZero)
        where TNum : IFloatingPointIeee754<TNum> => p switch
        {
            { Index: >= 0 } => $"{path}[{p.Index}]: {Number<TNum>(p.Bad, nonZero)}",
            { Got: >= 0 } => $"{path}: expected {count} {what}, got {p.Got}",
            _ => $"{path}: expected an array of {count} {what}, got {Describe(p.Bad)}",
        };

    // Why an element is not an acceptable number (the path is added by the caller).
    private static string Number<TNum>(JsonValue e, bool nonZero) where TNum : IFloatingPointIeee754<TNum>
    {
        var expected = nonZero ? "expected a finite non-zero number" : "expected a finite number";
        if (e.Kind != JsonTokenType.Number
            || !TNum.TryParse(e.Text.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            || TNum.IsFinite(parsed))
            return $"{expected}, got {Describe(e)}";
        var type = typeof(TNum) == typeof(float) ? "float" : typeof(TNum).Name.ToLowerInvariant();
        return $"{expected}, got {Describe(e)} (beyond the range of {type})";
    }

    /// <summary>The path of a property: <c>$.name</c>, or <c>$["odd name"]</c> when quoting is needed.</summary>
    public static string Member(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-')
            ? $"{path}.{name}"
            : $"{path}[{Quote(name)}]";

    /// <summary>A name as a JSON string literal, cut at 40 characters, for error messages.</summary>
    public static string Quote(string name)
    {
        // never cut between the two halves of a surrogate pair
        var cut = name.Length <= 40 ? name : name[..(char.IsHighSurrogate(name[36]) ? 36 : 37)] + "…";
        return $"\"{JsonEncodedText.Encode(cut, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";
    }

    /// <summary>How a value reads in an error message: its JSON text (cut at 40 characters), or its kind.</summary>
    public static string Describe(JsonValue e) => e.Kind switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => $"an array of {e.Count()}",
        _ => Cut(e.Text.Span),
    };

    // Decodes at most 64 bytes, so a 10⁶-digit number costs no more than a short one.
    private static string Cut(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 64)]);
        return text.Length <= 40 && raw.Length <= 64 ? text : text[..Math.Min(text.Length, 37)] + "…";
    }
}
