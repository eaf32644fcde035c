using System.Numerics;
using System.Numerics.Tensors;

namespace Mlp.Tensors;

/// <summary>Row-wise softmax that cannot overflow, and its Jacobian-vector product.</summary>
public static class Softmax
{
    /// <summary>
    /// <c>y_ij = exp(z_ij − max_j z_ij) / Σ_k exp(z_ik − max_j z_ij)</c> for each row of a
    /// <c>[rows × cols]</c> buffer. Subtracting the row maximum keeps <c>Exp</c> at most 1, so
    /// logits of any size stay finite (TensorPrimitives.SoftMax does not do this).
    /// </summary>
    public static void Rows<T>(ReadOnlySpan<T> z, Span<T> y, int cols) where T : IFloatingPointIeee754<T>
    {
        if (cols == 0) return;
        for (var start = 0; start < z.Length; start += cols)
        {
            var zRow = z.Slice(start, cols);
            var yRow = y.Slice(start, cols);
            var max = TensorPrimitives.Max(zRow);
            TensorPrimitives.Subtract(zRow, max, yRow);
            TensorPrimitives.Exp(yRow, yRow);
            var sum = TensorPrimitives.Sum<T>(yRow);
            TensorPrimitives.Divide(yRow, sum, yRow);
        }
    }

    /// <summary>
    /// Back through softmax, per row: <c>dz = y ⊙ (dy − (dy·y))</c>, which is
    /// <c>Σ_i dy_i ∂y_i/∂z_j</c> with <c>∂y_i/∂z_j = y_i(δ_ij − y_j)</c> (the seed's two cases).
    /// </summary>
    public static void BackwardRows<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dz, int cols)
        where T : IFloatingPointIeee754<T>
    {
        if (cols == 0) return;
        for (var start = 0; start < y.Length; start += cols)
        {
            var yRow = y.Slice(start, cols);
            var dyRow = dy.Slice(start, cols);
            var dzRow = dz.Slice(start, cols);
            var dot = TensorPrimitives.Dot(dyRow, yRow);
            TensorPrimitives.Subtract(dyRow, dot, dzRow);
            TensorPrimitives.Multiply(dzRow, yRow, dzRow);
        }
    }

    /// <summary>Row-wise softmax of a matrix, as a new matrix.</summary>
    public static Matrix<T> Apply<T>(Matrix<T> z) where T : IFloatingPointIeee754<T>
    {
        var y = new T[z.Length];
        Rows(z.Span, y, z.Cols);
        return Matrix<T>.Own(y, z.Rows, z.Cols);
    }
}
