using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>Multiplies every update by a constant: <c>u ← s·u</c> (optax's <c>scale</c>).</summary>
public sealed record Scale(double Factor) : IUpdateInto
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => EmptyState.Instance;

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => ((IUpdateInto)this).UpdateInto(updates, state, @params, null, null, Parallelism.Sequential);

    /// <inheritdoc/>
    (ParamSet<T> Updates, OptState State) IUpdateInto.UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism) =>
        (Leafwise.Scaled(updates, T.CreateChecked(Factor), updatesInto), state);

    /// <inheritdoc/>
    bool IUpdateInto.Holds<T>(OptState state, ParamSet<T> @params) => state is EmptyState;
}

/// <summary>
/// Descent with a scheduled step size: <c>u ← −η(t)·u</c>, where <c>t</c> counts the updates
/// made so far (optax's <c>scale_by_learning_rate</c>). The schedule is a pure function of
/// <c>t</c>; the step with count <c>t</c> uses <c>η(t)</c>, then the count becomes <c>t + 1</c>.
/// </summary>
public sealed record ScaleByLearningRate(Schedule Schedule) : IUpdateInto
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => new ScheduleState(0);

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => ((IUpdateInto)this).UpdateInto(updates, state, @params, null, null, Parallelism.Sequential);

    /// <inheritdoc/>
    (ParamSet<T> Updates, OptState State) IUpdateInto.UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism)
    {
        var count = Updates.StateAs<ScheduleState>(state, this).Count;
        return (Leafwise.Scaled(updates, SignedRate<T>(count), updatesInto), new ScheduleState(count + 1));
    }

    /// <inheritdoc/>
    bool IUpdateInto.Holds<T>(OptState state, ParamSet<T> @params) => state is ScheduleState { Count: >= 0 };

    /// <summary>The rate of the step with count <paramref name="count"/>, negated for descent: <c>−η(t)</c>.</summary>
    internal T SignedRate<T>(int count) where T : IFloatingPointIeee754<T> => T.CreateChecked(-Schedule.At(count));
}

/// <summary>The number of updates a <see cref="ScaleByLearningRate"/> has made.</summary>
public sealed record ScheduleState(int Count) : OptState;

/// <summary>
/// L2 weight decay (optax's <c>add_decayed_weights</c>): <c>u ← u + λ·θ</c>. Placed before a
/// rule it is PyTorch's coupled <c>weight_decay</c> (<c>g ← g + λθ</c>); placed after Adam
/// and before the learning rate it is AdamW's decoupled decay.
/// </summary>
public sealed record AddDecayedWeights(double WeightDecay) : IUpdateInto
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => EmptyState.Instance;

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => ((IUpdateInto)this).UpdateInto(updates, state, @params, null, null, Parallelism.Sequential);

    /// <inheritdoc/>
    (ParamSet<T> Updates, OptState State) IUpdateInto.UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism)
    {
        Updates.CheckShapes(@params, updates, "updates");
        var lambda = T.CreateChecked(WeightDecay);
        var outs = Destination.Arrays(updatesInto, updates);
        for (var i = 0; i < outs.Length; i++)
            TensorPrimitives.MultiplyAdd(@params[i].Span, lambda, updates[i].Span, outs[i]); // u + λ·θ, as grad.add(param, alpha=λ)
        return (Destination.Set(updatesInto, outs, updates), state);
    }

    /// <inheritdoc/>
    bool IUpdateInto.Holds<T>(OptState state, ParamSet<T> @params) => state is EmptyState;
}

/// <summary>
/// Clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c>: with
/// <c>n = ‖(‖u₀‖, ‖u₁‖, …)‖₂</c>, every leaf is scaled by <c>min(1, max / (n + 1e-6))</c>.
/// </summary>
public sealed record ClipByGlobalNorm(double MaxNorm) : IUpdateInto
{
    /// <summary>PyTorch's guard against a zero norm in the denominator.</summary>
    public const double Epsilon = 1e-6;

    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => EmptyState.Instance;

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => ((IUpdateInto)this).UpdateInto(updates, state, @params, null, null, Parallelism.Sequential);

    /// <inheritdoc/>
    (ParamSet<T> Updates, OptState State) IUpdateInto.UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism)
    {
        var coef = T.CreateChecked(MaxNorm) / (GlobalNorm(updates) + T.CreateChecked(Epsilon));
        // clamp(max=1): a norm already within bounds leaves the updates exactly as they are.
        return (coef < T.One ? Leafwise.Scaled(updates, coef, updatesInto) : updates, state);
    }

    /// <inheritdoc/>
    bool IUpdateInto.Holds<T>(OptState state, ParamSet<T> @params) => state is EmptyState;

    /// <summary>The norm of the per-leaf 2-norms, <c>√Σᵢ‖uᵢ‖²</c> (PyTorch's order of operations).</summary>
    public static T GlobalNorm<T>(ParamSet<T> updates) where T : IFloatingPointIeee754<T>
    {
        var norms = new T[updates.Count];
        for (var i = 0; i < norms.Length; i++) norms[i] = TensorPrimitives.Norm(updates[i].Span);
        return TensorPrimitives.Norm<T>(norms);
    }
}

/// <summary>Leaf-wise building blocks shared by the transforms (loops, no lambdas).</summary>
internal static class Leafwise
{
    /// <summary><c>s·u</c>, leaf by leaf, into <paramref name="into"/>'s buffers or fresh ones.</summary>
    internal static ParamSet<T> Scaled<T>(ParamSet<T> updates, T s, ParamSet<T>? into) where T : IFloatingPointIeee754<T>
    {
        if (into is null) return updates.Scaled(s);
        var outs = Destination.Arrays(into, updates);
        for (var i = 0; i < outs.Length; i++) TensorPrimitives.Multiply(updates[i].Span, s, outs[i]);
        return into;
    }
}
