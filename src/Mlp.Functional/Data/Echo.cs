using System.Text;

namespace Mlp.Data;

/// <summary>
/// How a user's string is shown back in a message or on the screen (a file, column or class
/// name, a cell): control characters escaped as <c>\uXXXX</c>, so nothing a file holds can drive
/// the terminal, and at most <see cref="MaxLength"/> characters, so a 10 MB name makes a short
/// message. Paths keep their end, where the file's own name is.
/// </summary>
public static class Echo
{
    /// <summary>The most characters of one user string shown back.</summary>
    public const int MaxLength = 80;

    /// <summary>The first <see cref="MaxLength"/> characters, then "…", control characters escaped.</summary>
    public static string Name(string? text) => text is null ? "" : Escape(text.Length <= MaxLength ? text : text[..MaxLength] + "…");

    /// <summary>A name in double quotes (see <see cref="Name"/>).</summary>
    public static string Quote(string? text) => $"\"{Name(text)}\"";

    /// <summary>A path: "…" and its last <see cref="MaxLength"/> characters when longer, control characters escaped.</summary>
    public static string Path(string? text) => text is null ? "" : Escape(text.Length <= MaxLength ? text : "…" + text[^MaxLength..]);

    /// <summary>Names joined with ", ": the first <paramref name="shown"/>, then how many in all.</summary>
    public static string List(IEnumerable<string> names, int shown = 10)
    {
        var all = names as IReadOnlyList<string> ?? [.. names];
        return string.Join(", ", all.Take(shown).Select(Name)) + (all.Count > shown ? $", … ({all.Count} in all)" : "");
    }

    /// <summary>Every control character of <paramref name="text"/> as <c>\uXXXX</c> (line breaks and tabs too: a message is one line).</summary>
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text) sb.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c);
        return sb.ToString();
    }
}
