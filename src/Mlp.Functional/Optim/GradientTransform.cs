using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>
/// An optimizer's state between steps (optax's opt_state). Every state is an immutable
/// record of counts and <see cref="ParamSet{T}"/>s, so two states compare equal exactly when
/// their counts and moments are equal bit for bit.
/// </summary>
public abstract record OptState
{
    /// <summary>
    /// The same state in fresh buffers (records of counts are shared, sets of moments copied):
    /// what the trainer's owned step starts its private buffers from, and hands out.
    /// </summary>
    internal virtual OptState Copy() => this;
}

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

/// <summary>
/// The in-buffer form of a transform (Optimisers.jl's <c>apply!</c>, "free to mutate the old
/// state, but only what is returned is used"): the same step as <see cref="IGradientTransform.Update{T}"/>,
/// computed by the same code, written into buffers the caller owns. Every built-in transform has
/// it; its pure <c>Update</c> is this with fresh buffers.
/// </summary>
internal interface IUpdateInto : IGradientTransform
{
    /// <summary>
    /// One step. The new state's moments go into the buffers of <paramref name="stateInto"/> (a
    /// state of the same kind, owned by the caller; fresh buffers when null) and the outgoing
    /// updates, when the transform makes new ones, into those of <paramref name="updatesInto"/>.
    /// The returned sets view those buffers. The destinations must not share a buffer with
    /// <paramref name="state"/>, <paramref name="updates"/> or <paramref name="params"/> (a
    /// transform may write its outgoing updates before it has read all of the incoming ones).
    /// </summary>
    (ParamSet<T> Updates, OptState State) UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism) where T : IFloatingPointIeee754<T>;

    /// <summary>Whether <paramref name="state"/> is this transform's kind of state, its sets shaped like <paramref name="params"/>.</summary>
    bool Holds<T>(OptState state, ParamSet<T> @params) where T : IFloatingPointIeee754<T>;
}

/// <summary>Where an in-buffer step writes: a caller-owned set, or fresh buffers shaped like the updates.</summary>
internal static class Destination
{
    /// <summary>The arrays to write leaf by leaf: those behind <paramref name="into"/>, or fresh ones shaped like <paramref name="like"/>.</summary>
    public static T[][] Arrays<T>(ParamSet<T>? into, ParamSet<T> like) where T : IFloatingPointIeee754<T>
    {
        if (into is not null) Updates.CheckShapes(like, into, "destination");
        var arrays = new T[like.Count][];
        for (var i = 0; i < arrays.Length; i++)
            arrays[i] = into is null ? GC.AllocateUninitializedArray<T>(like[i].Length) : into[i].OwnedBuffer;
        return arrays;
    }

    /// <summary>The set that views <paramref name="arrays"/>: <paramref name="into"/> itself, or new matrices shaped like <paramref name="like"/>.</summary>
    public static ParamSet<T> Set<T>(ParamSet<T>? into, T[][] arrays, ParamSet<T> like) where T : IFloatingPointIeee754<T>
    {
        if (into is not null) return into;
        var leaves = new Matrix<T>[arrays.Length];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = Matrix<T>.Own(arrays[i], like[i].Rows, like[i].Cols);
        return ParamSet<T>.Own(leaves);
    }
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

    /// <inheritdoc/>
    internal override OptState Copy() => new ChainState([.. Inner.Select(s => s.Copy())]);

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
