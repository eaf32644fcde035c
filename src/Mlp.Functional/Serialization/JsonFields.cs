using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Mlp.Serialization;

/// <summary>
/// Checked reads of JSON values for the model and checkpoint loaders. Each gives the value, or
/// the problem as <c>"PATH: expected …, got …"</c>. Paths of single numbers are built only when
/// something is wrong, so reading 10⁸ weights allocates no strings.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// The object's properties by name, after checking that <paramref name="e"/> is an object
    /// whose every property is in <paramref name="known"/> and appears once (a typo in an
    /// optional field would otherwise drop it silently).
    /// </summary>
    public static Fin<Dictionary<string, JsonValue>> Object(JsonValue e, string path, string[] known)
    {
        if (e.Kind != JsonTokenType.StartObject) return Error.New($"{path}: expected an object, got {Describe(e)}");
        var fields = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        foreach (var (name, value) in e.Properties())
        {
            if (name is null) return Error.New($"{path}: a property name is not valid UTF-8");
            if (System.Array.IndexOf(known, name) < 0)
                return Error.New($"{Member(path, name)}: unknown property; known: {string.Join(", ", known)}");
            if (!fields.TryAdd(name, value)) return Error.New($"{Member(path, name)}: appears twice");
        }
        return fields;
    }

    /// <summary>A required field's value; when missing, <c>PATH.name: missing; </c> then <paramref name="expected"/>.</summary>
    public static Fin<JsonValue> Field(Dictionary<string, JsonValue> fields, string path, string name, string expected) =>
        fields.TryGetValue(name, out var e) ? e : Error.New($"{Member(path, name)}: missing; {expected}");

    /// <summary>
    /// An optional field: <paramref name="absent"/> when it is missing or <c>null</c>, else what
    /// <paramref name="read"/> makes of it. (A <see cref="Fin{A}"/> cannot hold null, so the caller says what absence means.)
    /// </summary>
    public static Fin<A> Optional<A>(Dictionary<string, JsonValue> fields, string name, A absent, Func<JsonValue, Fin<A>> read) =>
        fields.TryGetValue(name, out var e) && e.Kind != JsonTokenType.Null ? read(e) : absent;

    /// <summary>A required field that is the string <paramref name="format"/>, naming the kind of file when it is missing.</summary>
    public static Fin<Unit> Format(Dictionary<string, JsonValue> fields, string format, string file)
    {
        var expected = $"expected \"{format}\"";
        return Field(fields, "$", "format", $"{expected} (is this {file}?)").Bind(e => e.TextEquals(format)
            ? Fin<Unit>.Succ(unit)
            : Error.New($"$.format: {expected}, got {Describe(e)}"));
    }

    /// <summary>A required whole number in <c>[min, max]</c> (no upper bound when <paramref name="max"/> is <see cref="int.MaxValue"/>).</summary>
    public static Fin<int> Int(Dictionary<string, JsonValue> fields, string path, string name, int min, int max)
    {
        var expected = max == int.MaxValue ? $"expected a whole number ≥ {min}" : $"expected a whole number from {min} to {max}";
        return Field(fields, path, name, expected).Bind(e => e.TryGetInt64(out var v) && v >= min && v <= max
            ? Fin<int>.Succ((int)v)
            : Error.New($"{Member(path, name)}: {expected}, got {Describe(e)}"));
    }

    /// <summary>A required string.</summary>
    public static Fin<string> Text(Dictionary<string, JsonValue> fields, string path, string name, string expected) =>
        Field(fields, path, name, $"expected {expected}").Bind(e => Text(e, Member(path, name), expected));

    /// <summary>A string value (valid UTF-8).</summary>
    public static Fin<string> Text(JsonValue e, string path, string expected)
    {
        if (e.Kind != JsonTokenType.String) return Error.New($"{path}: expected {expected}, got {Describe(e)}");
        try { return e.GetString(); }
        catch (InvalidOperationException) { return Error.New($"{path}: expected {expected}, got text that is not valid UTF-8"); }
    }

    /// <summary>An array of exactly <paramref name="count"/> elements.</summary>
    public static Fin<Unit> ArrayOf(JsonValue e, string path, int count, string what)
    {
        if (e.Kind != JsonTokenType.StartArray) return Error.New($"{path}: expected an array of {count} {what}, got {Describe(e)}");
        var n = e.Count();
        return n == count ? unit : Error.New($"{path}: expected {count} {what}, got {n}");
    }

    /// <summary>A finite number, parsed as <typeparamref name="TNum"/> directly from its text.</summary>
    public static Fin<TNum> Number<TNum>(JsonValue e, string path) where TNum : IFloatingPointIeee754<TNum> =>
        e.Kind == JsonTokenType.Number
        && TNum.TryParse(e.Text.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && TNum.IsFinite(v)
            ? v
            : Error.New($"{path}: {Unacceptable<TNum>(e)}");

    /// <summary>
    /// A required field holding an array of exactly <paramref name="count"/> finite numbers (see
    /// <see cref="Numbers{TNum}(JsonValue, string, string, int)"/>).
    /// </summary>
    public static Fin<TNum[]> Numbers<TNum>(Dictionary<string, JsonValue> fields, string path, string name, string what,
        int count) where TNum : IFloatingPointIeee754<TNum> =>
        Field(fields, path, name, $"expected {count} {what}").Bind(e => Numbers<TNum>(e, Member(path, name), what, count));

    /// <summary>
    /// An array of exactly <paramref name="count"/> finite numbers, in a new buffer, each parsed as
    /// <typeparamref name="TNum"/> directly (never through another type), so a value written as
    /// the shortest round-trip text of a float reads back to the same bits.
    /// </summary>
    public static Fin<TNum[]> Numbers<TNum>(JsonValue e, string path, string what, int count)
        where TNum : IFloatingPointIeee754<TNum>
    {
        if (e.Kind != JsonTokenType.StartArray) return Error.New($"{path}: expected an array of {count} {what}, got {Describe(e)}");
        if (!Holds(e, count)) return Error.New($"{path}: expected {count} {what}, got {e.Count()}");
        var into = new TNum[count];
        return e.ParseNumbers(into.AsSpan()) is { } p ? Explain<TNum>(p, path, count, what) : into;
    }

    /// <summary>A required field holding a matrix (see <see cref="Rows{TNum}(JsonValue, string, string, int, int, string)"/>).</summary>
    public static Fin<TNum[]> Rows<TNum>(Dictionary<string, JsonValue> fields, string path, string name, string rowsWhat,
        int rows, int cols, string colsWhat) where TNum : IFloatingPointIeee754<TNum> =>
        Field(fields, path, name, $"expected {rows} {rowsWhat} of {cols} {colsWhat}")
            .Bind(e => Rows<TNum>(e, Member(path, name), rowsWhat, rows, cols, colsWhat));

    /// <summary>
    /// A matrix written as <paramref name="rows"/> rows of <paramref name="cols"/> finite numbers
    /// (each read as in <see cref="Numbers{TNum}(JsonValue, string, string, int)"/>), row-major in a new buffer.
    /// </summary>
    public static Fin<TNum[]> Rows<TNum>(JsonValue e, string path, string rowsWhat, int rows, int cols, string colsWhat)
        where TNum : IFloatingPointIeee754<TNum>
    {
        var shape = ArrayOf(e, path, rows, rowsWhat);
        if (shape.IsFail) return (Error)shape;
        if (!Holds(e, (long)rows * cols) && ShortRow(e, path, cols, colsWhat) is { } shortRow) return shortRow;
        var into = new TNum[rows * cols]; // the caller has checked the size against its limits
        return e.ParseRows(into.AsSpan(), cols) is { } p ? Explain<TNum>(p, $"{path}[{p.Row}]", cols, colsWhat) : into;
    }

    // Whether the array's text is long enough to hold `numbers` numbers: each takes a byte and all
    // but the last a comma, inside the brackets. A text too short to be valid is found out before a
    // buffer of the size it claims is made, so a small hostile file cannot make the loader allocate
    // gigabytes (a model file's allocation stays within a few times its size).
    private static bool Holds(JsonValue array, long numbers) => 2 * numbers + 1 <= array.Text.Length;

    // The first row that is not an array of `cols` elements: one must be, when the text is too
    // short for the matrix (null if none is, and the full parse reports the problem).
    private static Error? ShortRow(JsonValue e, string path, int cols, string what)
    {
        var i = 0;
        foreach (var row in e.Elements())
        {
            if (row.Kind != JsonTokenType.StartArray) return Error.New($"{path}[{i}]: expected an array of {cols} {what}, got {Describe(row)}");
            if (row.Count() is var n && n != cols) return Error.New($"{path}[{i}]: expected {cols} {what}, got {n}");
            i++;
        }
        return null;
    }

    // The scan's problem report (allocation-free while it runs) as a message, once a problem is found.
    private static Error Explain<TNum>(NumberProblem p, string path, int count, string what)
        where TNum : IFloatingPointIeee754<TNum> => Error.New(p switch
        {
            { Index: >= 0 } => $"{path}[{p.Index}]: {Unacceptable<TNum>(p.Bad)}",
            { Got: >= 0 } => $"{path}: expected {count} {what}, got {p.Got}",
            _ => $"{path}: expected an array of {count} {what}, got {Describe(p.Bad)}",
        });

    // Why an element is not an acceptable number (the path is added by the caller).
    private static string Unacceptable<TNum>(JsonValue e) where TNum : IFloatingPointIeee754<TNum>
    {
        const string expected = "expected a finite number";
        if (e.Kind != JsonTokenType.Number
            || !TNum.TryParse(e.Text.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            || TNum.IsFinite(parsed))
            return $"{expected}, got {Describe(e)}";
        var type = typeof(TNum) == typeof(float) ? "float" : typeof(TNum).Name.ToLowerInvariant();
        return $"{expected}, got {Describe(e)} (beyond the range of {type})";
    }

    /// <summary>
    /// A problem found in a document embedded at <paramref name="path"/> (whose messages start at
    /// its own root, <c>$</c>), with the path made whole: <c>$.network.layers[0]…</c>.
    /// </summary>
    public static Error Under(string path, Error e) =>
        Error.New(e.Message.StartsWith('$') ? path + e.Message[1..] : $"{path}: {e.Message}");

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
