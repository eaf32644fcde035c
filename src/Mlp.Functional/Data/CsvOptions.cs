using System.Collections.Immutable;

namespace Mlp.Data;

/// <summary>What the target columns hold.</summary>
public enum TaskKind
{
    /// <summary>
    /// Decide from the data: regression when the target column holds a number with a fraction
    /// (such as 2.5), or more than one target column, or only numbers with more than
    /// <see cref="CsvOptions.MaxAutoClasses"/> distinct values; classification otherwise (text labels, or
    /// a few distinct integers).
    /// </summary>
    Auto,
    /// <summary>One target column of class labels.</summary>
    Classification,
    /// <summary>One or more numeric target columns.</summary>
    Regression,
}

/// <summary>How the bytes of a file are text.</summary>
public enum TextEncoding
{
    /// <summary>UTF-8 (a byte-order mark is allowed); bytes that are not UTF-8 are an error naming the line.</summary>
    Utf8,
    /// <summary>ISO-8859-1: every byte is a character.</summary>
    Latin1,
}

/// <summary>
/// How to read a table: which columns play which role, and how the file writes its cells
/// (pandas' <c>read_csv</c> choices, with mlp's names).
/// </summary>
public sealed record CsvOptions
{
    /// <summary>Auto picks classification for integer labels with at most this many distinct values.</summary>
    public const int MaxAutoClasses = 50;

    /// <summary>The words that mean a missing cell unless told otherwise (an empty cell always does).</summary>
    public static readonly ImmutableArray<string> DefaultMissing = ["NA", "N/A", "NaN", "null", "?"];

    /// <summary>The options every field of which is its default.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// Target columns by header name, or by 0-based position when the text is a whole number that
    /// names no column. Default (not set): the last column. Empty: no targets (rows to predict).
    /// </summary>
    public ImmutableArray<string> Targets { get; init; }

    /// <summary>Classification, regression, or decide from the data.</summary>
    public TaskKind Task { get; init; } = TaskKind.Auto;

    /// <summary>
    /// A fixed class list (from a model or the training set): labels map to these indices and a
    /// label outside it is an error. Setting it implies classification. Default: sort the labels found.
    /// </summary>
    public ImmutableArray<string> Classes { get; init; }

    /// <summary>
    /// Feature columns by name, in this order; other columns are ignored. Default: every column
    /// that is not a target or dropped, in file order.
    /// </summary>
    public ImmutableArray<string> Features { get; init; }

    /// <summary>Columns to leave out, by name. Default: none.</summary>
    public ImmutableArray<string> Drop { get; init; }

    /// <summary>The separator between cells; null detects it from the header among <c>, ; tab |</c>.</summary>
    public char? Separator { get; init; }

    /// <summary>Numbers are written with a decimal comma (<c>1,5</c>), as in much of Europe.</summary>
    public bool DecimalComma { get; init; }

    /// <summary>How the file's bytes are text.</summary>
    public TextEncoding Encoding { get; init; } = TextEncoding.Utf8;

    /// <summary>The first row names the columns; without a header they are named <c>c0, c1, …</c>.</summary>
    public bool Header { get; init; } = true;

    /// <summary>
    /// The words that mean a missing cell, besides an empty one: exact matches after spaces are
    /// trimmed, and only unquoted (a quoted <c>"NA"</c> is the text NA, as for North America).
    /// </summary>
    public ImmutableArray<string> Missing { get; init; } = DefaultMissing;

    /// <summary>Record equality compares the lists' contents.</summary>
    public bool Equals(CsvOptions? other) =>
        other is not null && Task == other.Task && Separator == other.Separator && DecimalComma == other.DecimalComma
        && Encoding == other.Encoding && Header == other.Header
        && Same(Targets, other.Targets) && Same(Classes, other.Classes) && Same(Features, other.Features)
        && Same(Drop, other.Drop) && Same(Missing, other.Missing);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Task, Separator, Targets.IsDefault ? -1 : Targets.Length);

    private static bool Same(ImmutableArray<string> a, ImmutableArray<string> b) =>
        a.IsDefault == b.IsDefault && a.SafeSequenceEqual(b);
}
