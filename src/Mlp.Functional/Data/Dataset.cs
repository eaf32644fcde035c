using System.Collections.Immutable;
using System.Numerics;
using Mlp.Tensors;

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
    ImmutableArray<int> Labels) where T : IFloatingPointIeee754<T>
{
    /// <summary>Number of examples.</summary>
    public int Rows => Features.Rows;
    /// <summary>Whether the targets are class labels.</summary>
    public bool IsClassification => !Classes.IsDefaultOrEmpty;

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
