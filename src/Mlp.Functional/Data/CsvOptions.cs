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

/// <summary>
/// How to read a CSV file into a <see cref="Dataset{T}"/>.
/// </summary>
public sealed record CsvOptions
{
    /// <summary>Auto picks classification for integer labels with at most this many distinct values.</summary>
    public const int MaxAutoClasses = 50;

    /// <summary>The options every field of which is its default.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// Target columns by header name. Default (not set): the last column. Empty: no targets
    /// (all columns are features; for prediction).
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
    /// that is not a target, in file order.
    /// </summary>
    public ImmutableArray<string> Features { get; init; }

    /// <summary>Record equality compares the lists' contents.</summary>
    public bool Equals(CsvOptions? other) =>
        other is not null && Task == other.Task && Targets.SafeSequenceEqual(other.Targets)
        && Classes.SafeSequenceEqual(other.Classes) && Features.SafeSequenceEqual(other.Features)
        && Targets.IsDefault == other.Targets.IsDefault && Classes.IsDefault == other.Classes.IsDefault
        && Features.IsDefault == other.Features.IsDefault;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Task, Targets.IsDefault ? -1 : Targets.Length);
}
