using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using static LanguageExt.Prelude;

namespace Mlp.Cli;

/// <summary>
/// The options of every command that reads a table (train and its <c>--test</c> file, predict,
/// evaluate, gradcheck): which columns, and how the file writes its cells. Each is checked here
/// and becomes a field of the library's <see cref="CsvOptions"/>.
/// </summary>
public static class ReadFlags
{
    /// <summary>The options with a value, as the commands list them.</summary>
    public static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--features", "COLUMN[,COLUMN…]", "use only these input columns [default: every column but the targets]"),
        ("--drop", "COLUMN[,COLUMN…]", "leave these columns out (an id, a name)"),
        ("--sep", ",|;|tab|'|'", "the cell separator [default: detected from the header]"),
        ("--encoding", "utf8|latin1", "how the file's bytes are text [default: utf8]"),
        ("--na", "WORD[,WORD…]", "the words that mean a missing cell besides an empty one [default: NA,N/A,NaN,null,?]"),
    ];

    /// <summary>The switches.</summary>
    public static readonly (string Name, string Help)[] Switches =
    [
        ("--decimal-comma", "numbers are written with a decimal comma (1,5)"),
        ("--no-header", "the first row is data; the columns are named c0, c1, …"),
    ];

    /// <summary>
    /// <paramref name="start"/> with every reading option given changed; problems go to
    /// <paramref name="c"/>. <paramref name="text"/> gives an option's raw value (<c>null</c> when
    /// absent), <paramref name="isSet"/> whether a switch was given.
    /// </summary>
    public static CsvOptions Read(Checks c, Func<string, string?> text, Func<string, bool> isSet, CsvOptions start)
    {
        var o = start with { DecimalComma = isSet("--decimal-comma"), Header = !isSet("--no-header") };
        if (text("--features") is { } f) o = o with { Features = c.Take(Flag.Names("--features", f), default) };
        if (text("--drop") is { } d) o = o with { Drop = c.Take(Flag.Names("--drop", d), default) };
        if (text("--sep") is { } s) o = o with { Separator = c.Take(Separator(s), (char?)null) };
        if (text("--encoding") is { } e)
            o = o with { Encoding = c.Take(Flag.OneOf("--encoding", "encoding", e, [("utf8", TextEncoding.Utf8), ("latin1", TextEncoding.Latin1)]), TextEncoding.Utf8) };
        if (text("--na") is { } na) o = o with { Missing = Words(na) };
        if (o.Separator == ',' && o.DecimalComma)
            c.Add("--decimal-comma", "a decimal comma needs a separator other than ',' (such as --sep ';')");
        return o;
    }

    /// <summary>A target list: names, or 0-based positions (a whole number that names no column).</summary>
    public static Validation<Error, ImmutableArray<string>> Targets(string text) => Flag.Names("--target", text);

    // ',' ';' '|' or a tab (written "tab" or "\t", since a shell makes a real tab awkward).
    private static Validation<Error, char?> Separator(string text) => text switch
    {
        "," or ";" or "|" => Success<Error, char?>(text[0]),
        "tab" or "\\t" or "\t" => Success<Error, char?>('\t'),
        _ => Flag.Fail<char?>("--sep", $"expected one of , ; | tab, got '{text}'"),
    };

    // An empty list means only empty cells are missing.
    private static ImmutableArray<string> Words(string text) =>
        text.Trim().Length == 0 ? [] : [.. text.Split(',').Select(w => w.Trim()).Where(w => w.Length > 0)];
}
