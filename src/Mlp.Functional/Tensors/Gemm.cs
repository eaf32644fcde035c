using System.Numerics;
using System.Numerics.Tensors;

namespace Mlp.Tensors;

/// <summary>Whether a GEMM operand is used as stored or transposed.</summary>
public enum Transpose { No, Yes }

/// <summary>
/// The one general matrix product of the library (BLAS GEMM, row-major):
/// <c>C = op(A)·op(B)</c>, with <c>op(A)</c> <c>[m × k]</c> and <c>op(B)</c> <c>[k × n]</c>.
/// Each layer needs three: <c>X·Wᵀ</c> (No, Yes), <c>δᵀ·A</c> (Yes, No) and <c>δ·W</c> (No, No).
/// </summary>
public static class Gemm
{
    /// <summary>Computes <c>op(A)·op(B)</c> as a new matrix.</summary>
    /// <exception cref="ArgumentException">The inner dimensions differ.</exception>
    public static Matrix<T> Multiply<T>(Matrix<T> a, Transpose ta, Matrix<T> b, Transpose tb)
        where T : IFloatingPointIeee754<T>
    {
        var (m, ka) = ta == Transpose.No ? (a.Rows, a.Cols) : (a.Cols, a.Rows);
        var (kb, n) = tb == Transpose.No ? (b.Rows, b.Cols) : (b.Cols, b.Rows);
        if (ka != kb)
            throw new ArgumentException(
                $"GEMM inner dimensions differ: op(A) is {m}×{ka}, op(B) is {kb}×{n}");
        var c = new T[m * n];
        Compute(m, n, ka, a.Span, ta, b.Span, tb, c);
        return Matrix<T>.Own(c, m, n);
    }

    /// <summary><c>A·B</c>.</summary>
    public static Matrix<T> Multiply<T>(Matrix<T> a, Matrix<T> b) where T : IFloatingPointIeee754<T>
        => Multiply(a, Transpose.No, b, Transpose.No);

    /// <summary>
    /// Span entry point: overwrites <paramref name="c"/> (<c>[m × n]</c>, row-major) with
    /// <c>op(A)·op(B)</c>. <paramref name="a"/> is stored <c>[m × k]</c> (or <c>[k × m]</c> when
    /// transposed), <paramref name="b"/> <c>[k × n]</c> (or <c>[n × k]</c>).
    /// </summary>
    internal static void Compute<T>(int m, int n, int k,
        ReadOnlySpan<T> a, Transpose ta, ReadOnlySpan<T> b, Transpose tb, Span<T> c)
        where T : IFloatingPointIeee754<T>
    {
        c[..(m * n)].Clear();
        if (m == 0 || n == 0 || k == 0) return;
        // Pack op(B) as row-major [k × n] so that the inner loop is one row axpy.
        ReadOnlySpan<T> bk = b;
        T[]? packed = null;
        if (tb == Transpose.Yes)
        {
            packed = new T[k * n];
            for (var j = 0; j < n; j++)
                for (var p = 0; p < k; p++)
                    packed[p * n + j] = b[j * k + p];
            bk = packed;
        }
        for (var i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            for (var p = 0; p < k; p++)
            {
                var aip = ta == Transpose.No ? a[i * k + p] : a[p * m + i];
                TensorPrimitives.MultiplyAdd(bk.Slice(p * n, n), aip, cRow, cRow);
            }
        }
    }
}
