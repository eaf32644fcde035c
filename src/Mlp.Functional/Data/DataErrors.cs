using System.Text;
using LanguageExt.Common;

namespace Mlp.Data;

/// <summary>
/// The shapes of every data error, so they all read alike: <c>source: line L, column C (name): what</c>
/// for text, <c>source: byte B: what</c> for binary files, <c>source: what</c> for the whole file.
/// Lines, columns and bytes count from 1, 1 and 0 (a byte is an offset, as in <c>xxd</c>).
/// </summary>
internal static class DataErrors
{
    /// <summary>The longest piece of a bad value quoted back.</summary>
    public const int QuoteLength = 24;

    public static Error File(string source, string what) => Error.New($"{source}: {what}");

    public static Error Line(string source, int line, string what) => Error.New($"{source}: line {line}: {what}");

    public static Error Cell(string source, int line, int column, string? name, string what) =>
        Error.New($"{source}: line {line}, column {column}{(name is null ? "" : $" ({Clip(name)})")}: {what}");

    public static Error Byte(string source, long offset, string what) => Error.New($"{source}: byte {offset}: {what}");

    /// <summary>A value quoted for a message: truncated, control characters escaped.</summary>
    public static string Quote(ReadOnlySpan<char> text) => $"\"{Clip(text)}\"";

    /// <summary>Up to <see cref="QuoteLength"/> characters, then "…"; control characters as <c>\uXXXX</c>.</summary>
    public static string Clip(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder();
        foreach (var c in text[..Math.Min(text.Length, QuoteLength)])
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString());
        if (text.Length > QuoteLength) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>Names for a message: all of them, or the first few and a count.</summary>
    public static string List(IReadOnlyList<string> names, int shown = 12) =>
        names.Count <= shown
            ? string.Join(", ", names.Select(n => Clip(n)))
            : string.Join(", ", names.Take(shown).Select(n => Clip(n))) + $", … ({names.Count} in all)";
}
