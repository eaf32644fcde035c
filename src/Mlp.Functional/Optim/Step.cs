using System.Collections.Immutable;
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
    /// <summary>The parameters after one step and the optimizer's next state.</summary>
    [Pure]
    public static (ParamSet<T> Params, OptState State) Apply<T>(IGradientTransform optimizer, ParamSet<T> grads,
        OptState state, ParamSet<T> @params) where T : IFloatingPointIeee754<T>
    {
        if (optimizer is not Chain { Parts: [.., ScaleByLearningRate rate] } chain || state is not ChainState { Inner: var inner }
            || inner.Length != chain.Parts.Length || inner[^1] is not ScheduleState count)
        {
            var (updates, nextState) = optimizer.Update(grads, state, @params);
            return (Updates.Apply(@params, updates), nextState);
        }
        var states = ImmutableArray.CreateBuilder<OptState>(inner.Length);
        var eta = SignedRate<T>(rate, count.Count);
        // Adam right before the learning rate (adam, and any clipping or L2 decay before it) also
        // folds into the same pass: no buffer for its direction either.
        var adamLast = chain.Parts.Length >= 2 && chain.Parts[^2] is ScaleByAdam;
        var u = grads;
        for (var i = 0; i < chain.Parts.Length - (adamLast ? 2 : 1); i++)
        {
            (u, var s) = chain.Parts[i].Update(u, inner[i], @params);
            states.Add(s);
        }
        ParamSet<T> next;
        if (adamLast)
        {
            (next, var adamState) = ((ScaleByAdam)chain.Parts[^2]).UpdateAndApply(u, inner[^2], @params, eta);
            states.Add(adamState);
        }
        else next = ScaledAdd(@params, u, eta);
        states.Add(new ScheduleState(count.Count + 1));
        return (next, new ChainState(states.MoveToImmutable()));
    }

    /// <summary>The learning rate of step <paramref name="count"/>, negated for descent, as the fused step uses it.</summary>
    internal static T SignedRate<T>(ScaleByLearningRate rate, int count) where T : IFloatingPointIeee754<T> =>
        T.CreateChecked(-rate.Schedule.At(count));

    /// <summary><c>θ′ = η·u + θ</c> for one leaf; TensorPrimitives.MultiplyAdd rounds the product before the sum.</summary>
    internal static void ScaledAddInto<T>(ReadOnlySpan<T> theta, ReadOnlySpan<T> u, T eta, Span<T> next)
        where T : IFloatingPointIeee754<T> => TensorPrimitives.MultiplyAdd(u, eta, theta, next);

    // θ + η·u leaf by leaf, into new leaves.
    private static ParamSet<T> ScaledAdd<T>(ParamSet<T> p, ParamSet<T> u, T eta) where T : IFloatingPointIeee754<T>
    {
        Updates.CheckShapes(p, u, "updates");
        var leaves = new Matrix<T>[p.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var next = GC.AllocateUninitializedArray<T>(p[i].Length);
            ScaledAddInto(p[i].Span, u[i].Span, eta, next);
            leaves[i] = Matrix<T>.Own(next, p[i].Rows, p[i].Cols);
        }
        return Leaves.Set(leaves);
    }
}
