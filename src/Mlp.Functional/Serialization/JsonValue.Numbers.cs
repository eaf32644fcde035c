using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Mlp.Serialization;

/// <summary>Arrays of numbers: where loading a model spends its time.</summary>
internal readonly partial struct JsonValue
{
    /// <summary>
    /// Parses an array of <c>into.Length</c> numbers into <paramref name="into"/>, each as
    /// <typeparamref name="TNum"/> directly; the first problem, or <c>null</c>.
    /// </summary>
    public NumberProblem? ParseNumbers<TNum>(Span<TNum> into) where TNum : IFloatingPointIeee754<TNum>
    {
        var reader = new Utf8JsonReader(Text.Span);
        reader.Read(); // '['
        return ParseRow(ref reader, Text, into);
    }

    /// <summary>
    /// Parses an array of <c>into.Length / cols</c> rows of <paramref name="cols"/> numbers into
    /// <paramref name="into"/>, row-major, with one reader over the whole matrix: the inner loop
    /// of loading a model. The caller has checked the number of rows.
    /// </summary>
    public NumberProblem? ParseRows<TNum>(Span<TNum> into, int cols) where TNum : IFloatingPointIeee754<TNum>
    {
        var reader = new Utf8JsonReader(Text.Span);
        reader.Read(); // '['
        for (var i = 0; i < into.Length / cols && reader.Read(); i++)
        {
            if (reader.TokenType != JsonTokenType.StartArray) return new NumberProblem(i, -1, At(ref reader, Text, 0), -1);
            if (ParseRow(ref reader, Text, into.Slice(i * cols, cols)) is { } p) return p with { Row = i };
        }
        return null;
    }

    // From just after '[' to its ']': the first element that is not an acceptable number, or a wrong length.
    private static NumberProblem? ParseRow<TNum>(ref Utf8JsonReader reader, ReadOnlyMemory<byte> text, Span<TNum> into)
        where TNum : IFloatingPointIeee754<TNum>
    {
        var j = 0;
        for (; reader.Read() && reader.TokenType != JsonTokenType.EndArray; j++)
        {
            if (j >= into.Length) // too long: count the rest for the message
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                continue;
            }
            if (reader.TokenType == JsonTokenType.Number
                && TNum.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && TNum.IsFinite(v))
                into[j] = v;
            else
                return new NumberProblem(-1, j, At(ref reader, text, 0), -1);
        }
        return j == into.Length ? null : new NumberProblem(-1, -1, default, j);
    }
}

/// <summary>
/// The first problem in an array of numbers (or in row <see cref="Row"/> of a matrix): element
/// <see cref="Index"/> is <see cref="Bad"/>; or, when <see cref="Index"/> is −1, the row holds
/// <see cref="Got"/> elements, or is <see cref="Bad"/> itself and not an array (<see cref="Got"/> −1).
/// </summary>
internal readonly record struct NumberProblem(int Row, int Index, JsonValue Bad, int Got);
