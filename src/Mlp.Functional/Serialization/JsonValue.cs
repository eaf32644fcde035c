using System.Globalization;
using System.Text.Json;

namespace Mlp.Serialization;

/// <summary>
/// One value of a JSON document that <see cref="JsonSyntax.Check"/> has already accepted, held as
/// the slice of text it spans. Nothing is parsed until asked for, and arrays are walked with a
/// fresh <see cref="Utf8JsonReader"/>, so reading costs no memory per number or row: unlike a
/// <see cref="JsonDocument"/> (12 bytes per token), a hostile file of a billion zeros allocates nothing.
/// </summary>
internal readonly partial struct JsonValue
{
    private readonly int count; // elements or properties of a container, found while locating it; −1 when not yet known

    private JsonValue(ReadOnlyMemory<byte> text, JsonTokenType kind, int count) => (Text, Kind, this.count) = (text, kind, count);

    /// <summary>The value's UTF-8 text, exactly as in the document (strings keep their quotes).</summary>
    public ReadOnlyMemory<byte> Text { get; }

    /// <summary><c>StartObject</c>, <c>StartArray</c>, <c>String</c>, <c>Number</c>, <c>True</c>, <c>False</c> or <c>Null</c>.</summary>
    public JsonTokenType Kind { get; }

    /// <summary>The top-level value of a document that passed <see cref="JsonSyntax.Check"/>.</summary>
    public static JsonValue Root(ReadOnlyMemory<byte> document)
    {
        // Check has seen that only white space surrounds the value: no need to walk to its end
        var text = document.Span;
        var (start, end) = (0, text.Length);
        while (start < end && IsSpace(text[start])) start++;
        while (end > start && IsSpace(text[end - 1])) end--;
        var reader = new Utf8JsonReader(text[start..end]);
        reader.Read();
        return new JsonValue(document[start..end], reader.TokenType, -1);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    // The value whose first token the reader is on; leaves the reader on its last token. An
    // array is walked to its end anyway, so its elements are counted on the way.
    private static JsonValue At(ref Utf8JsonReader reader, ReadOnlyMemory<byte> text, int offset)
    {
        var (kind, start, n) = (reader.TokenType, (int)reader.TokenStartIndex, -1);
        if (kind == JsonTokenType.StartObject) reader.Skip();
        else if (kind == JsonTokenType.StartArray)
        {
            var depth = reader.CurrentDepth;
            for (n = 0; reader.Read() && reader.CurrentDepth > depth;)
                if (reader.CurrentDepth == depth + 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                    n++;
        }
        return new JsonValue(text.Slice(offset + start, (int)reader.BytesConsumed - start), kind, n);
    }

    /// <summary>The number of elements of an array.</summary>
    public int Count()
    {
        if (count >= 0) return count;
        var reader = new Utf8JsonReader(Text.Span);
        reader.Read();
        return At(ref reader, Text, 0).count;
    }

    /// <summary>The elements of an array, in order.</summary>
    public Enumerator Elements() => new(Text);

    /// <summary>
    /// The properties of an object, in document order. A name is <c>null</c> when it is not valid UTF-8.
    /// </summary>
    public IEnumerable<(string? Name, JsonValue Value)> Properties()
    {
        var (offset, state) = Open(Text);
        while (NextName(Text, ref offset, ref state, out var name))
        {
            NextValue(Text, ref offset, ref state, out var value);
            yield return (name, value);
        }
    }

    // Reader position just inside a container's opening bracket or brace.
    private static (int Offset, JsonReaderState State) Open(ReadOnlyMemory<byte> container)
    {
        var reader = new Utf8JsonReader(container.Span);
        reader.Read();
        return ((int)reader.BytesConsumed, reader.CurrentState);
    }

    // The next element (or property value) after (offset, state); false at the closing bracket.
    private static bool NextValue(ReadOnlyMemory<byte> text, ref int offset, ref JsonReaderState state, out JsonValue value)
    {
        var reader = new Utf8JsonReader(text.Span[offset..], isFinalBlock: true, state);
        value = default;
        if (!reader.Read() || reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject) return false;
        value = At(ref reader, text, offset);
        (offset, state) = (offset + (int)reader.BytesConsumed, reader.CurrentState);
        return true;
    }

    // The next property name after (offset, state); false at the closing brace.
    private static bool NextName(ReadOnlyMemory<byte> text, ref int offset, ref JsonReaderState state, out string? name)
    {
        var reader = new Utf8JsonReader(text.Span[offset..], isFinalBlock: true, state);
        name = null;
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject) return false;
        try { name = reader.GetString(); }
        catch (InvalidOperationException) { } // not valid UTF-8: the caller reports it
        (offset, state) = (offset + (int)reader.BytesConsumed, reader.CurrentState);
        return true;
    }

    /// <summary>The string's text; throws <see cref="InvalidOperationException"/> when it is not valid UTF-8.</summary>
    public string GetString()
    {
        var reader = new Utf8JsonReader(Text.Span);
        reader.Read();
        return reader.GetString() ?? "";
    }

    /// <summary>Whether a string equals <paramref name="text"/> once its escapes are decoded.</summary>
    public bool TextEquals(string text)
    {
        var reader = new Utf8JsonReader(Text.Span);
        reader.Read();
        return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(text);
    }

    /// <summary>A number written as a whole number without fraction or exponent.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        return Kind == JsonTokenType.Number
            && long.TryParse(Text.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Walks an array one element at a time; keeps only the reader's small state between steps.</summary>
    public struct Enumerator
    {
        private readonly ReadOnlyMemory<byte> text;
        private int offset;
        private JsonReaderState state;
        private JsonValue current;

        internal Enumerator(ReadOnlyMemory<byte> array) => (text, (offset, state), current) = (array, Open(array), default);

        /// <summary>The element just reached.</summary>
        public readonly JsonValue Current => current;

        /// <summary>Moves to the next element; false at the closing bracket.</summary>
        public bool MoveNext() => NextValue(text, ref offset, ref state, out current);

        /// <summary>Lets <c>foreach</c> walk the array.</summary>
        public readonly Enumerator GetEnumerator() => this;
    }
}
