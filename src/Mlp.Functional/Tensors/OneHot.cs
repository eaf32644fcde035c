using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Tensors;

/// <summary>One-hot labels (seed 5.1.1): row <c>i</c> has a 1 in column <c>labels[i]</c>.</summary>
public static class OneHot
{
    /// <summary>A <c>[labels × classes]</c> matrix, the seed's <c>onehot[arange(n), y] = 1</c>.</summary>
    /// <exception cref="ArgumentException">A label is outside <c>[0, classes)</c>.</exception>
    public static Matrix<T> Encode<T>(ReadOnlySpan<int> labels, int classes) where T : IFloatingPointIeee754<T>
    {
        var m = new T[labels.Length * classes];
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"label {labels[i]} at row {i} is outside 0…{classes - 1}");
            m[i * classes + labels[i]] = T.One;
        }
        return Matrix<T>.Own(m, labels.Length, classes);
    }

    /// <summary>The index of the largest value of each row (the predicted class).</summary>
    public static int[] Decode<T>(Matrix<T> scores) where T : IFloatingPointIeee754<T>
    {
        var labels = new int[scores.Rows];
        for (var i = 0; i < scores.Rows; i++)
            labels[i] = scores.Cols == 1
                ? (scores[i, 0] >= T.CreateChecked(0.5) ? 1 : 0)
                : System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Row(i));
        return labels;
    }
}
