using System.Collections.Immutable;
using System.Numerics;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Data;

/// <summary>
/// A table of examples: features <c>X</c> (<c>[n × d]</c>) and targets. For classification
/// <see cref="Labels"/> holds each row's class index into <see cref="Classes"/> (sorted as
/// DESIGN.md says) and <see cref="Targets"/> is their one-hot encoding; for regression
/// <see cref="Classes"/> and <see cref="Labels"/> are empty and <see cref="Targets"/> holds the
/// numeric target columns.
/// </summary>
public sealed record Dataset<T>(
    string Name,
    Matrix<T> Features,
    ImmutableArray<string> FeatureNames,
    Matrix<T> Targets,
    ImmutableArray<string> TargetNames,
    ImmutableArray<string> Classes,
    ImmutableArray<int> Labels) : IExamples<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>Number of examples.</summary>
    public int Rows => Features.Rows;
    /// <summary>Whether the targets are class labels.</summary>
    public bool IsClassification => !Classes.IsDefaultOrEmpty;

    /// <summary>Number of target columns (classes for classification).</summary>
    public int Outputs => Targets.Cols;

    /// <summary>The rows <paramref name="rows"/> (in that order) as a new data set with the same names and classes.</summary>
    public Dataset<T> SelectRows(ReadOnlySpan<int> rows) => this with
    {
        Features = Gather(Features, rows),
        Targets = Gather(Targets, rows),
        Labels = IsClassification ? [.. Pick(Labels, rows)] : Labels,
    };

    private static Matrix<T> Gather(Matrix<T> m, ReadOnlySpan<int> rows)
    {
        var data = new T[rows.Length * m.Cols];
        for (var i = 0; i < rows.Length; i++) m.Row(rows[i]).CopyTo(data.AsSpan(i * m.Cols, m.Cols));
        return Matrix<T>.Own(data, rows.Length, m.Cols);
    }

    private static int[] Pick(ImmutableArray<int> labels, ReadOnlySpan<int> rows)
    {
        var picked = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++) picked[i] = labels[rows[i]];
        return picked;
    }

    /// <summary>Record equality compares contents, not array references.</summary>
    public bool Equals(Dataset<T>? other) =>
        other is not null && Name == other.Name && Features.Equals(other.Features)
        && FeatureNames.SequenceEqual(other.FeatureNames) && Targets.Equals(other.Targets)
        && TargetNames.SequenceEqual(other.TargetNames)
        && Classes.SafeSequenceEqual(other.Classes) && Labels.SafeSequenceEqual(other.Labels);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Features, Targets);
}

internal static class ImmutableArrayEquality
{
    public static bool SafeSequenceEqual<TItem>(this ImmutableArray<TItem> a, ImmutableArray<TItem> b) =>
        (a.IsDefaultOrEmpty && b.IsDefaultOrEmpty) || (!a.IsDefault && !b.IsDefault && a.SequenceEqual(b));
}
