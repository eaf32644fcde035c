using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>Applying updates to parameters, and the shape checks every transform shares.</summary>
public static class Updates
{
    /// <summary>
    /// The parameters after a step (optax's <c>apply_updates</c>): <c>θ′ = θ + u</c>, leaf by
    /// leaf, in new buffers. The minus sign of descent lives in the updates.
    /// </summary>
    /// <exception cref="ArgumentException">The leaf counts or shapes differ.</exception>
    [Pure]
    public static ParamSet<T> Apply<T>(ParamSet<T> @params, ParamSet<T> updates) where T : IFloatingPointIeee754<T>
    {
        CheckShapes(@params, updates, "updates");
        var leaves = new Matrix<T>[@params.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var (p, u) = (@params[i], updates[i]);
            var next = GC.AllocateUninitializedArray<T>(p.Length);
            TensorPrimitives.Add(p.Span, u.Span, next);
            leaves[i] = Matrix<T>.Own(next, p.Rows, p.Cols);
        }
        return ParamSet<T>.Own(leaves);
    }

    /// <summary>A parameter set of zeros shaped like <paramref name="like"/> (the first moments).</summary>
    [Pure]
    public static ParamSet<T> ZerosLike<T>(ParamSet<T> like) where T : IFloatingPointIeee754<T>
    {
        var leaves = new Matrix<T>[like.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = Matrix<T>.Zeros(like[i].Rows, like[i].Cols);
        return ParamSet<T>.Own(leaves);
    }

    /// <summary>Checks that <paramref name="b"/> has the leaf count and leaf shapes of <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException">They differ; the message names the first leaf that does.</exception>
    public static void CheckShapes<T>(ParamSet<T> a, ParamSet<T> b, string what) where T : IFloatingPointIeee754<T>
    {
        if (a.Count != b.Count) throw new ArgumentException($"expected {a.Count} {what} leaves, got {b.Count}");
        for (var i = 0; i < a.Count; i++)
            if (a[i].Rows != b[i].Rows || a[i].Cols != b[i].Cols)
                throw new ArgumentException(
                    $"leaf {i}: expected {what} of shape {a[i].Rows}×{a[i].Cols}, got {b[i].Rows}×{b[i].Cols}");
    }

    // A state handed to the wrong transform (or made for another element type) is a caller bug:
    // say which transform and which state instead of an InvalidCastException.
    internal static TState StateAs<TState>(OptState state, IGradientTransform owner) where TState : OptState =>
        state as TState ?? throw new ArgumentException(
            $"{owner.GetType().Name} expects {TypeName(typeof(TState))}, got {(state is null ? "null" : TypeName(state.GetType()))}");

    /// <summary>A type as C# writes it: <c>AdamState&lt;Single&gt;</c>, not <c>AdamState`1</c>.</summary>
    internal static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;

    /// <summary>A state's kind, a chain's part by part: <c>[AdamState&lt;Single&gt;, ScheduleState]</c>.</summary>
    internal static string StateName(OptState state) =>
        state is ChainState c ? $"[{string.Join(", ", c.Inner.Select(StateName))}]" : TypeName(state.GetType());

    /// <summary>Whether <paramref name="set"/> has the leaf count and shapes of <paramref name="like"/>.</summary>
    internal static bool SameShapes<T>(ParamSet<T> set, ParamSet<T> like) where T : IFloatingPointIeee754<T> =>
        set.Count == like.Count && Enumerable.Range(0, set.Count).All(i => set[i].Rows == like[i].Rows && set[i].Cols == like[i].Cols);
}
