using System.Collections.Immutable;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>
/// The trainable leaves of a network, in order <c>W0, b0, W1, b1, …</c> (optax's params).
/// Gradients, optimizer moments and updates all have this shape: a gradient <i>is</i> a
/// parameter set.
/// </summary>
public sealed record ParamSet<T>(ImmutableArray<Matrix<T>> Leaves) where T : IFloatingPointIeee754<T>
{
    /// <summary>Number of leaves (two per layer).</summary>
    public int Count => Leaves.Length;
    /// <summary>Leaf <paramref name="i"/>.</summary>
    public Matrix<T> this[int i] => Leaves[i];
    /// <summary>Weight gradient of layer <paramref name="layer"/>.</summary>
    public Matrix<T> Weight(int layer) => Leaves[2 * layer];
    /// <summary>Bias gradient of layer <paramref name="layer"/>.</summary>
    public Matrix<T> Bias(int layer) => Leaves[2 * layer + 1];
    /// <summary>Total number of scalars over all leaves.</summary>
    public long Size => Leaves.Sum(l => (long)l.Length);

    /// <summary>Wraps leaves just built (no copy): the "mutate inside, freeze on return" rule.</summary>
    internal static ParamSet<T> Own(Matrix<T>[] leaves) => new(ImmutableCollectionsMarshal.AsImmutableArray(leaves));

    /// <summary>A copy in fresh buffers.</summary>
    public ParamSet<T> Copy()
    {
        var leaves = new Matrix<T>[Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = Matrix<T>.Create(Leaves[i].Rows, Leaves[i].Cols, Leaves[i].Span);
        return Own(leaves);
    }

    /// <summary><c>s·θ</c>, leaf by leaf, in new buffers.</summary>
    public ParamSet<T> Scaled(T s)
    {
        var leaves = new Matrix<T>[Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            var leaf = Leaves[i];
            var next = GC.AllocateUninitializedArray<T>(leaf.Length);
            TensorPrimitives.Multiply(leaf.Span, s, next);
            leaves[i] = Matrix<T>.Own(next, leaf.Rows, leaf.Cols);
        }
        return Own(leaves);
    }

    /// <summary>Leaf-by-leaf, element-wise equality (bit for bit).</summary>
    public bool Equals(ParamSet<T>? other) =>
        other is not null && Leaves.SequenceEqual(other.Leaves);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var leaf in Leaves) h.Add(leaf);
        return h.ToHashCode();
    }
}
