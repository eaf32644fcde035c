using System.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Mlp.Serialization;

/// <summary>
/// Checks that text is one well-formed JSON value (and nothing after it) in a single streaming
/// pass that allocates nothing per token. When it is not, the problem comes with the JSON path of
/// the last value read and the 1-based line and byte:
/// <c>$.layers[0].weights[2]: not valid JSON: … (line 9, byte 31)</c>.
/// </summary>
internal static class JsonSyntax
{
    /// <summary>Nesting deeper than this is refused (a model file needs 4 levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The top-level value of the document in <paramref name="utf8"/> (after a leading byte-order
    /// mark, if any), once it is known to be well-formed; else why not: the text is empty (a
    /// message that names <paramref name="format"/>, what the file should be), or where it stops being JSON.
    /// </summary>
    public static Fin<JsonValue> Document(ReadOnlyMemory<byte> utf8, string format)
    {
        if (utf8.Span.StartsWith(ByteOrderMark)) utf8 = utf8[ByteOrderMark.Length..];
        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
            return Error.New($"$: the file is empty; expected a JSON object with \"format\": \"{format}\"");
        var syntax = Check(utf8.Span);
        return syntax.IsFail ? (Error)syntax : JsonValue.Root(utf8);
    }

    // The UTF-8 encoding of U+FEFF, as bytes (a u8 literal of "\xEF…" would encode each as two bytes).
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Nothing when <paramref name="utf8"/> is well-formed JSON, else the problem with its path.</summary>
    public static Fin<Unit> Check(ReadOnlySpan<byte> utf8)
    {
        // the common case first: a plain pass, without the bookkeeping that only an error needs
        var options = new JsonReaderOptions { MaxDepth = MaxDepth };
        var plain = new Utf8JsonReader(utf8, options);
        try
        {
            while (plain.Read()) { }
            return unit;
        }
        catch (JsonException) { return Error.New(Locate(utf8, options)); }
    }

    // Reads again, tracking the path, up to the problem.
    private static string Locate(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var frames = new List<Frame>(); // one per open object or array; at most MaxDepth
        var reader = new Utf8JsonReader(utf8, options);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        // remember where the name is, not the name: decoding every name would allocate per token
                        frames[^1] = frames[^1] with { NameAt = (int)reader.TokenStartIndex + 1, NameLength = reader.ValueSpan.Length };
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Step(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, -1, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        Step(frames);
                        break;
                }
            }
            return "$: not valid JSON"; // unreachable: the plain pass failed on the same text
        }
        catch (JsonException error) { return $"{Path(utf8, frames)}: not valid JSON: {Reason(error)}"; }
    }

    private readonly record struct Frame(bool IsArray, int Index, int NameAt, int NameLength);

    // A new value starts inside the innermost array: move its index on.
    private static void Step(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
    }

    private static string Path(ReadOnlySpan<byte> utf8, List<Frame> frames)
    {
        var path = "$";
        foreach (var f in frames)
        {
            if (f.IsArray) path = f.Index >= 0 ? $"{path}[{f.Index}]" : path;
            else if (f.NameAt >= 0) // the name as written (escapes undecoded): enough to find it
                path = JsonFields.Member(path, Encoding.UTF8.GetString(utf8.Slice(f.NameAt, Math.Min(f.NameLength, 160))));
        }
        return path;
    }

    // The reader's message ends with zero-based "LineNumber: 0 | BytePositionInLine: 4."; people count from 1.
    private static string Reason(JsonException error)
    {
        var message = error.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        // the reader quotes the offending text, which may span lines: keep the message on one line
        message = string.Join(' ', message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (message.Length > 160) message = message[..157] + "…";
        message = message.TrimEnd('.', ' ');
        return error.LineNumber is { } line && error.BytePositionInLine is { } column
            ? $"{message} (line {line + 1}, byte {column + 1})"
            : message;
    }
}
