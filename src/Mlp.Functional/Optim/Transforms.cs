using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>Multiplies every update by a constant: <c>u ← s·u</c> (optax's <c>scale</c>).</summary>
public sealed record Scale(double Factor) : IGradientTransform
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => EmptyState.Instance;

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => (Leaves.Scaled(updates, T.CreateChecked(Factor)), state);
}

/// <summary>
/// Descent with a scheduled step size: <c>u ← −η(t)·u</c>, where <c>t</c> counts the updates
/// made so far (optax's <c>scale_by_learning_rate</c>). The schedule is a pure function of
/// <c>t</c>; the step with count <c>t</c> uses <c>η(t)</c>, then the count becomes <c>t + 1</c>.
/// </summary>
public sealed record ScaleByLearningRate(Schedule Schedule) : IGradientTransform
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => new ScheduleState(0);

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T>
    {
        var count = Updates.StateAs<ScheduleState>(state, this).Count;
        var eta = T.CreateChecked(-Schedule.At(count));
        return (Leaves.Scaled(updates, eta), new ScheduleState(count + 1));
    }
}

/// <summary>The number of updates a <see cref="ScaleByLearningRate"/> has made.</summary>
public sealed record ScheduleState(int Count) : OptState;

/// <summary>
/// L2 weight decay (optax's <c>add_decayed_weights</c>): <c>u ← u + λ·θ</c>. Placed before a
/// rule it is PyTorch's coupled <c>weight_decay</c> (<c>g ← g + λθ</c>); placed after Adam
/// and before the learning rate it is AdamW's decoupled decay.
/// </summary>
public sealed record AddDecayedWeights(double WeightDecay) : IGradientTransform
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => EmptyState.Instance;

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T>
    {
        Updates.CheckShapes(@params, updates, "updates");
        var lambda = T.CreateChecked(WeightDecay);
        var leaves = new Matrix<T>[updates.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var (u, p) = (updates[i], @params[i]);
            var next = GC.AllocateUninitializedArray<T>(u.Length);
            TensorPrimitives.MultiplyAdd(p.Span, lambda, u.Span, next); // u + λ·θ, as grad.add(param, alpha=λ)
            leaves[i] = Matrix<T>.Own(next, u.Rows, u.Cols);
        }
        return (Leaves.Set(leaves), state);
    }
}

/// <summary>
/// Clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c>: with
/// <c>n = ‖(‖u₀‖, ‖u₁‖, …)‖₂</c>, every leaf is scaled by <c>min(1, max / (n + 1e-6))</c>.
/// </summary>
public sealed record ClipByGlobalNorm(double MaxNorm) : IGradientTransform
{
    /// <summary>PyTorch's guard against a zero norm in the denominator.</summary>
    public const double Epsilon = 1e-6;

    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> => EmptyState.Instance;

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T>
    {
        var coef = T.CreateChecked(MaxNorm) / (GlobalNorm(updates) + T.CreateChecked(Epsilon));
        // clamp(max=1): a norm already within bounds leaves the updates exactly as they are.
        return (coef < T.One ? Leaves.Scaled(updates, coef) : updates, state);
    }

    /// <summary>The norm of the per-leaf 2-norms, <c>√Σᵢ‖uᵢ‖²</c> (PyTorch's order of operations).</summary>
    public static T GlobalNorm<T>(ParamSet<T> updates) where T : IFloatingPointIeee754<T>
    {
        var norms = new T[updates.Count];
        for (var i = 0; i < norms.Length; i++) norms[i] = TensorPrimitives.Norm(updates[i].Span);
        return TensorPrimitives.Norm<T>(norms);
    }
}

/// <summary>Leaf-wise building blocks shared by the transforms (loops, no lambdas).</summary>
internal static class Leaves
{
    /// <summary>Wraps leaves just built (no copy).</summary>
    internal static ParamSet<T> Set<T>(Matrix<T>[] leaves) where T : IFloatingPointIeee754<T> =>
        new(ImmutableCollectionsMarshal.AsImmutableArray(leaves));

    /// <summary><c>s·u</c>, leaf by leaf, in new buffers.</summary>
    internal static ParamSet<T> Scaled<T>(ParamSet<T> updates, T s) where T : IFloatingPointIeee754<T>
    {
        var leaves = new Matrix<T>[updates.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var u = updates[i];
            var next = GC.AllocateUninitializedArray<T>(u.Length);
            TensorPrimitives.Multiply(u.Span, s, next);
            leaves[i] = Matrix<T>.Own(next, u.Rows, u.Cols);
        }
        return Set(leaves);
    }
}
