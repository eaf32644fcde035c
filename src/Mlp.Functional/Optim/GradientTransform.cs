using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Model;

namespace Mlp.Optim;

/// <summary>
/// An optimizer's state between steps (optax's opt_state). Every state is an immutable
/// record of counts and <see cref="ParamSet{T}"/>s, so two states compare equal exactly when
/// their counts and moments are equal bit for bit.
/// </summary>
public abstract record OptState;

/// <summary>The state of a transform that remembers nothing (scale, clipping, weight decay).</summary>
public sealed record EmptyState : OptState
{
    /// <summary>The one empty state.</summary>
    public static EmptyState Instance { get; } = new();
}

/// <summary>
/// A pair of pure functions (optax's <c>GradientTransformation</c>): <c>Init</c> builds the
/// first state from the parameters, <c>Update</c> maps incoming updates (at first the
/// gradients) and the state to outgoing updates and the next state. A transform holds only
/// hyper-parameters; it works for any element type <typeparamref name="T"/>, but a state made
/// for one <typeparamref name="T"/> must be updated with that same type.
/// </summary>
public interface IGradientTransform
{
    /// <summary>The state before the first step.</summary>
    [Pure]
    OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T>;

    /// <summary>
    /// One step: <c>(updates, state, params) → (updates′, state′)</c>. Never mutates its inputs;
    /// the parameters after the step are <c>Updates.Apply(params, updates′)</c>.
    /// </summary>
    [Pure]
    (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T>;
}

/// <summary>The states of a <see cref="Chain"/>'s parts, in order; equal when every part's state is.</summary>
public sealed record ChainState(ImmutableArray<OptState> Inner) : OptState
{
    /// <summary>Part by part equality.</summary>
    public bool Equals(ChainState? other) => other is not null && Inner.SequenceEqual(other.Inner);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var s in Inner) h.Add(s);
        return h.ToHashCode();
    }

    /// <summary>The parts' states, for logs and test messages.</summary>
    public override string ToString() => $"ChainState [{string.Join(", ", Inner)}]";
}

/// <summary>
/// Composition (optax's <c>chain</c>): each part's outgoing updates are the next part's
/// incoming ones, and each part keeps its own state. <c>new Chain([])</c> is the identity;
/// <c>new Chain([a, b])</c> applies <c>a</c> first.
/// </summary>
public sealed record Chain(ImmutableArray<IGradientTransform> Parts) : IGradientTransform
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T>
    {
        var inner = ImmutableArray.CreateBuilder<OptState>(Parts.Length);
        foreach (var part in Parts) inner.Add(part.Init(@params));
        return new ChainState(inner.MoveToImmutable());
    }

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T>
    {
        var inner = Updates.StateAs<ChainState>(state, this).Inner;
        if (inner.Length != Parts.Length)
            throw new ArgumentException($"the chain has {Parts.Length} parts but its state has {inner.Length}");
        var next = ImmutableArray.CreateBuilder<OptState>(Parts.Length);
        for (var i = 0; i < Parts.Length; i++)
        {
            (updates, var s) = Parts[i].Update(updates, inner[i], @params);
            next.Add(s);
        }
        return (updates, new ChainState(next.MoveToImmutable()));
    }

    /// <summary>Part by part equality (hyper-parameters compare by value).</summary>
    public bool Equals(Chain? other) => other is not null && Parts.SequenceEqual(other.Parts);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in Parts) h.Add(p);
        return h.ToHashCode();
    }

    /// <summary>The parts and their hyper-parameters, for logs.</summary>
    public override string ToString() => $"Chain [{string.Join(", ", Parts)}]";
}
