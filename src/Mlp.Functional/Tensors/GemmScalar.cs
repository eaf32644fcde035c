using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Mlp.Tensors;

/// <summary>
/// The plain triple loop, for products so small that packing or vectors cost more than they
/// save (a 4-16-3 network's layers). No allocation, no threads.
/// </summary>
internal static class GemmScalar
{
    internal static void Run<T>(int m, int n, int k, ReadOnlySpan<T> a, Transpose ta,
        ReadOnlySpan<T> b, Transpose tb, Span<T> c) where T : IFloatingPointIeee754<T>
    {
        // op(A)(i, p) = a[i·rsA + p·csA]; op(B)(p, j) = b[p·rsB + j·csB].
        int rsA = ta == Transpose.No ? k : 1, csA = ta == Transpose.No ? 1 : m;
        int rsB = tb == Transpose.No ? n : 1, csB = tb == Transpose.No ? 1 : k;
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var s = T.Zero;
                int ia = i * rsA, jb = j * csB;
                for (var p = 0; p < k; p++)
                    s += a[ia + p * csA] * b[p * rsB + jb];
                c[i * n + j] = s;
            }
    }
}

/// <summary>
/// The portable path: each row of <c>C</c> is a sum of rows of <c>op(B)</c>, through
/// <see cref="TensorPrimitives"/>. Runs on any hardware and for any element type; used when
/// AVX2 or FMA is missing, and for element types other than <c>float</c> and <c>double</c>.
/// </summary>
internal static class GemmPortable
{
    internal static void Run<T>(int m, int n, int k, ReadOnlySpan<T> a, Transpose ta,
        ReadOnlySpan<T> b, Transpose tb, Span<T> c) where T : IFloatingPointIeee754<T>
    {
        // op(B) as row-major [k × n]: as stored, or transposed into a rented buffer.
        T[]? rented = null;
        var bk = b;
        if (tb == Transpose.Yes)
        {
            rented = ArrayPool<T>.Shared.Rent(k * n);
            for (var j = 0; j < n; j++)
                for (var p = 0; p < k; p++)
                    rented[p * n + j] = b[j * k + p];
            bk = rented.AsSpan(0, k * n);
        }
        int rsA = ta == Transpose.No ? k : 1, csA = ta == Transpose.No ? 1 : m;
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            TensorPrimitives.Multiply(bk[..n], a[i * rsA], row);
            for (var p = 1; p < k; p++)
                TensorPrimitives.MultiplyAdd(bk.Slice(p * n, n), a[i * rsA + p * csA], row, row);
        }
        if (rented is not null) ArrayPool<T>.Shared.Return(rented);
    }
}
