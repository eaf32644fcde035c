using System.Collections.Immutable;
using System.Numerics;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;

namespace Mlp.Pipeline;

/// <summary>
/// Everything the model file <c>mlp/1</c> holds: the network, its loss, and what is needed to
/// use it on raw data (class names, feature names, preprocessing; each may be absent).
/// </summary>
public sealed record TrainedModel<T>(
    Network<T> Network,
    Loss Loss,
    ImmutableArray<string>? Classes,
    ImmutableArray<string>? Features,
    Scaler? Preprocessing) where T : IFloatingPointIeee754<T>
{
    /// <summary>Record equality compares contents, not array references.</summary>
    public bool Equals(TrainedModel<T>? other) =>
        other is not null && Network.Equals(other.Network) && Loss == other.Loss
        && SameNames(Classes, other.Classes) && SameNames(Features, other.Features)
        && Equals(Preprocessing, other.Preprocessing);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Network, Loss);

    private static bool SameNames(ImmutableArray<string>? a, ImmutableArray<string>? b) =>
        a is null ? b is null : b is not null && a.Value.SequenceEqual(b.Value);
}
