using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Io;
using Mlp.Pipeline;
using static LanguageExt.Prelude;

namespace Mlp.Cli;

/// <summary>
/// Checks for one command-line value each: a number in range, a known name, a list of sizes,
/// a file that exists, an output path whose directory exists. Each failure names the option
/// and says what was expected, so a list of them reads as a list of things to fix.
/// </summary>
public static class Flag
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A failure of <paramref name="flag"/>: <c>--lr: expected …, got '…'</c>.</summary>
    public static Validation<Error, T> Fail<T>(string flag, string message) =>
        Fail<Error, T>(Error.New($"{flag}: {message}"));

    /// <summary>A finite number for which <paramref name="inRange"/> holds.</summary>
    public static Validation<Error, double> Number(string flag, string text, Func<double, bool> inRange, string expected) =>
        double.TryParse(text, NumberStyles.Float, Inv, out var v) && double.IsFinite(v) && inRange(v)
            ? Success<Error, double>(v)
            : Fail<double>(flag, $"expected {expected}, got '{text}'");

    /// <summary>A number &gt; 0.</summary>
    public static Validation<Error, double> Positive(string flag, string text) =>
        Number(flag, text, v => v > 0, "a positive number");

    /// <summary>A whole number for which <paramref name="inRange"/> holds.</summary>
    public static Validation<Error, long> Whole(string flag, string text, Func<long, bool> inRange, string expected) =>
        long.TryParse(text, NumberStyles.Integer, Inv, out var v) && inRange(v)
            ? Success<Error, long>(v)
            : Fail<long>(flag, $"expected {expected}, got '{text}'");

    /// <summary>A whole number ≥ <paramref name="min"/> that fits an int.</summary>
    public static Validation<Error, int> AtLeast(string flag, string text, int min) =>
        Whole(flag, text, v => v >= min && v <= int.MaxValue, min == 1 ? "a whole number ≥ 1" : $"a whole number ≥ {min}")
            .Map(v => (int)v);

    /// <summary>
    /// One of <paramref name="choices"/> by name; the message lists every allowed name, or
    /// <paramref name="allowed"/> when given (with words such as <c>auto</c> that the caller takes
    /// before this check).
    /// </summary>
    public static Validation<Error, T> OneOf<T>(string flag, string what, string text, IEnumerable<(string Name, T Value)> choices,
        IEnumerable<string>? allowed = null)
    {
        var all = choices.ToList();
        var hit = all.FindIndex(c => c.Name == text);
        return hit >= 0
            ? Success<Error, T>(all[hit].Value)
            : Fail<T>(flag, $"unknown {what} '{text}'; expected one of {string.Join(", ", allowed ?? all.Select(c => c.Name))}");
    }

    /// <summary>
    /// Layer widths <c>64,32</c>: each a whole number ≥ 1, no empty entries; <c>none</c> (or an
    /// empty string) for no hidden layer. A network of these hidden layers must fit a model file
    /// (<see cref="ModelLimits"/>) even with one input and one output, else no training could save it.
    /// </summary>
    public static Validation<Error, ImmutableArray<int>> Sizes(string flag, string text)
    {
        if (text.Trim() is "" or "none") return Success<Error, ImmutableArray<int>>([]);
        var parts = text.Split(',');
        var sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, Inv, out sizes[i]) || sizes[i] < 1)
                return Fail<ImmutableArray<int>>(flag,
                    $"expected layer widths like 64,32 (whole numbers ≥ 1), got '{Shown(text)}' (entry {i + 1} is '{Shown(parts[i])}')");
        return ModelLimits.Problem([1, .. sizes, 1], $"a network with hidden layers {ModelLimits.Shape(sizes)}") is { } tooLarge
            ? Fail<ImmutableArray<int>>(flag, tooLarge)
            : Success<Error, ImmutableArray<int>>([.. sizes]);
    }

    // A value echoed in a message: cut short and control characters escaped, so a huge or odd argument stays one readable line.
    private static string Shown(string text) =>
        string.Concat(text.Take(40).Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())) + (text.Length > 40 ? "…" : "");

    /// <summary>Comma-separated finite numbers, e.g. a sample <c>1,1</c>.</summary>
    public static Validation<Error, ImmutableArray<double>> Numbers(string flag, string text)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, Inv, out values[i]) || !double.IsFinite(values[i]))
                return Fail<ImmutableArray<double>>(flag, $"expected numbers separated by commas like 1,0.5, got '{text}'");
        return Success<Error, ImmutableArray<double>>([.. values]);
    }

    /// <summary>Comma-separated non-empty names, e.g. target columns.</summary>
    public static Validation<Error, ImmutableArray<string>> Names(string flag, string text)
    {
        var parts = text.Split(',').Select(p => p.Trim()).ToImmutableArray();
        return parts.Any(p => p.Length == 0)
            ? Fail<ImmutableArray<string>>(flag, $"expected column names separated by commas, got '{text}'")
            : Success<Error, ImmutableArray<string>>(parts);
    }

    /// <summary>An option that must be given: <paramref name="check"/> of its value, or a failure saying it is missing.</summary>
    public static Validation<Error, T> Required<T>(string flag, string? text, string expected, Func<string, Validation<Error, T>> check) =>
        text is null ? Fail<T>(flag, $"missing; expected {expected}") : check(text);

    /// <summary>A built-in data set's name, or a file that exists.</summary>
    public static Validation<Error, DataSource> Data(string flag, string text) =>
        DataSource.BuiltInNames.Contains(text)
            ? Success<Error, DataSource>(new DataSource.BuiltIn(text))
            : ExistingFile(flag, text, $"{string.Join(", ", DataSource.BuiltInNames)} or a CSV file")
                .Map(p => (DataSource)new DataSource.DataFile(p));

    /// <summary>A file that exists now.</summary>
    public static Validation<Error, string> ExistingFile(string flag, string path, string expected) =>
        File.Exists(path)
            ? Success<Error, string>(path)
            : Fail<string>(flag, Directory.Exists(path)
                ? $"'{path}' is a directory; expected {expected}"
                : $"file '{path}' does not exist; expected {expected}");

    /// <summary>
    /// A path a file can be written to later (see <see cref="Files.Writable"/>): its directory exists
    /// and takes new files, the name and the save's temporary name fit, and it is a new name or a
    /// regular file, never a device, FIFO, directory or a link to one; with <paramref name="extension"/>,
    /// it must end so (the format is fixed). Checked before any work starts, so a typo costs
    /// nothing and leaves nothing behind.
    /// </summary>
    public static Validation<Error, string> OutputPath(string flag, string path, string? extension = null)
    {
        if (extension is not null && path.Trim().Length > 0 && !path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            return Fail<string>(flag, $"expected a {extension} file name, got '{path}'");
        return Files.Writable(path).Match(
            Succ: _ => Success<Error, string>(path),
            Fail: e => Fail<string>(flag, e.Message));
    }
}

/// <summary>
/// Gathers the failures of many independent checks so one call reports them all (the
/// applicative reading of <see cref="Validation{FAIL, SUCCESS}"/>). Lives inside one function.
/// </summary>
public sealed class Checks
{
    private Seq<Error> errors;

    /// <summary>The value of <paramref name="v"/>, or <paramref name="fallback"/> after noting its errors.</summary>
    public T Take<T>(Validation<Error, T> v, T fallback)
    {
        // Not Match: LanguageExt rejects a null result, and "absent" values (no --out) are null.
        if (v.IsSuccess) return v.SuccessToSeq().Head;
        errors = errors + v.FailToSeq();
        return fallback;
    }

    /// <summary>Notes a failure found by a check that spans several options.</summary>
    public void Add(string flag, string message) => errors = errors.Add(Error.New($"{flag}: {message}"));

    /// <summary><paramref name="build"/>'s result when nothing failed, else every failure in order.</summary>
    public Validation<Error, TResult> Build<TResult>(Func<TResult> build) =>
        errors.IsEmpty ? Success<Error, TResult>(build()) : Fail<Error, TResult>(errors);
}
