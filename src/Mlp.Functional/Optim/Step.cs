using System.Diagnostics.Contracts;
using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>
/// One optimizer step from gradients to new parameters: <c>Update</c>, then
/// <see cref="Updates.Apply{T}"/>. When the optimizer is a chain that ends in a learning rate
/// (every ready-made one does), the last scaling and the addition are done in one pass,
/// <c>θ′ = (−η)·u + θ</c>, with the same two roundings, so the result is bit for bit that of
/// <c>Update</c> then <c>Apply</c>, with one parameter-sized buffer fewer (two for Adam).
/// </summary>
public static class OptimizerStep
{
    /// <summary>Takes one step: the parameters after it and the optimizer's next state.</summary>
    [Pure]
    public static (ParamSet<T> Params, OptState State) Take<T>(IGradientTransform optimizer, ParamSet<T> grads,
        OptState state, ParamSet<T> @params, Parallelism? parallelism = null) where T : IFloatingPointIeee754<T> =>
        Take(optimizer, grads, state, @params, null, parallelism ?? Parallelism.Default);

    /// <summary>
    /// Whether <paramref name="optimizer"/> and its <paramref name="state"/> can step into
    /// caller-owned buffers (<see cref="StepBuffers{T}"/>): a chain of built-in transforms ending
    /// in a learning rate, with a state of that chain's kind and shapes.
    /// </summary>
    internal static bool CanStepInto<T>(IGradientTransform optimizer, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> =>
        Fused(optimizer, state, out var chain, out _) && chain.Parts.All(p => p is IUpdateInto) && Fits(optimizer, state, @params) != false;

    /// <summary>
    /// Whether <paramref name="state"/> is a state of <paramref name="optimizer"/> for parameters
    /// like <paramref name="params"/>; null when the optimizer holds a transform the library does
    /// not know (only its own steps can tell).
    /// </summary>
    public static bool? Fits<T>(IGradientTransform optimizer, OptState state, ParamSet<T> @params) where T : IFloatingPointIeee754<T>
    {
        switch (optimizer)
        {
            case Chain chain:
                if (state is not ChainState { Inner: var inner } || inner.Length != chain.Parts.Length) return false;
                bool? fits = true;
                for (var i = 0; i < inner.Length && fits != false; i++)
                    fits = Fits(chain.Parts[i], inner[i], @params) is { } part ? fits & part : null;
                return fits;
            case IUpdateInto known: return known.Holds(state, @params);
            default: return null;
        }
    }

    /// <summary>
    /// The step, into <paramref name="into"/>'s buffers when given (the trainer's owned step; the
    /// optimizer must pass <see cref="CanStepInto"/>), else into fresh ones. One code path for
    /// both, so the two agree bit for bit.
    /// </summary>
    internal static (ParamSet<T> Params, OptState State) Take<T>(IGradientTransform optimizer, ParamSet<T> grads,
        OptState state, ParamSet<T> @params, StepBuffers<T>? into, Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        if (!Fused(optimizer, state, out var chain, out var inner))
        {
            if (into is not null) throw new ArgumentException($"{optimizer} cannot step into owned buffers");
            var (updates, nextState) = optimizer.Update(grads, state, @params);
            return (Updates.Apply(@params, updates), nextState);
        }
        var parts = chain.Parts;
        var rate = (ScaleByLearningRate)parts[^1];
        var count = ((ScheduleState)inner[^1]).Count;
        var eta = rate.SignedRate<T>(count);
        // Adam right before the learning rate (adam, and any clipping or L2 decay before it) also
        // folds into the same pass: no buffer for its direction either.
        var adamLast = StepBuffers<T>.FusesAdam(chain);
        var states = new OptState[parts.Length];
        var u = grads;
        for (var i = 0; i < parts.Length - (adamLast ? 2 : 1); i++)
            (u, states[i]) = parts[i] is IUpdateInto part
                ? part.UpdateInto(u, inner[i], @params, into?.State.Inner[i], into?.ScratchFor(u), parallelism)
                : parts[i].Update(u, inner[i], @params);
        ParamSet<T> next;
        if (adamLast)
            (next, states[^2]) = ((ScaleByAdam)parts[^2]).UpdateAndApply(u, inner[^2], @params, eta,
                into?.State.Inner[^2], into?.Params, parallelism);
        else next = ScaledAdd(@params, u, eta, into?.Params);
        states[^1] = new ScheduleState(count + 1);
        return (next, new ChainState([.. states]));
    }

    // A chain ending in a learning rate, with a state of its shape.
    private static bool Fused(IGradientTransform optimizer, OptState state, out Chain chain, out System.Collections.Immutable.ImmutableArray<OptState> inner)
    {
        (chain, inner) = (null!, default);
        if (optimizer is not Chain { Parts: [.., ScaleByLearningRate] } c || state is not ChainState { Inner: var i }
            || i.Length != c.Parts.Length || i[^1] is not ScheduleState) return false;
        (chain, inner) = (c, i);
        return true;
    }

    // θ + η·u leaf by leaf; TensorPrimitives.MultiplyAdd rounds the product before the sum, as
    // Scale then Apply do.
    private static ParamSet<T> ScaledAdd<T>(ParamSet<T> p, ParamSet<T> u, T eta, ParamSet<T>? into) where T : IFloatingPointIeee754<T>
    {
        Updates.CheckShapes(p, u, "updates");
        var next = Destination.Arrays(into, p);
        for (var i = 0; i < next.Length; i++) TensorPrimitives.MultiplyAdd(u[i].Span, eta, p[i].Span, next[i]);
        return Destination.Set(into, next, p);
    }
}

/// <summary>
/// Where an owned step writes: the new parameters, the new state's moments (a state of the
/// optimizer's shape whose buffers the trainer owns; only its buffers are used, its counts may
/// be stale), and two scratch sets that carry the updates from one part of the chain to the next
/// (null when no part before the fused end makes updates: plain sgd and adam).
/// </summary>
internal sealed record StepBuffers<T>(ParamSet<T> Params, ChainState State, ParamSet<T>? ScratchA, ParamSet<T>? ScratchB)
    where T : IFloatingPointIeee754<T>
{
    /// <summary>The scratch set that does not hold <paramref name="updates"/> (a part never writes what it reads).</summary>
    internal ParamSet<T> ScratchFor(ParamSet<T> updates) =>
        (ReferenceEquals(updates, ScratchA) ? ScratchB : ScratchA) ?? throw new InvalidOperationException("no scratch sets for this chain");

    /// <summary>Whether a chain's parts before its fused end make updates, which need the scratch sets.</summary>
    internal static bool NeedScratch(Chain chain) => chain.Parts.Length - (FusesAdam(chain) ? 2 : 1) > 0;

    /// <summary>Whether Adam comes right before the learning rate, and folds into the same pass.</summary>
    internal static bool FusesAdam(Chain chain) => chain.Parts.Length >= 2 && chain.Parts[^2] is ScaleByAdam;
}
