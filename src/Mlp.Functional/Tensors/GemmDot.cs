using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mlp.Tensors;

/// <summary>
/// <c>X·Wᵀ</c> for a few rows (inference on one sample, tiny batches): every element is a dot
/// product of two contiguous rows, so nothing is packed. <c>W</c> is streamed once, a few rows at
/// a time, while those rows sit in L1 for all rows of <c>X</c>. Every element is one FMA chain
/// over whole vectors, a horizontal sum, then the last <c>k mod W</c> terms one by one, whatever
/// tile it falls in.
/// </summary>
internal static unsafe class GemmDot
{
    /// <summary><c>C[i, j] = Σ_p A[i·k + p] · B[j·k + p]</c>.</summary>
    internal static void Run<T>(in GemmOperands<T> op) where T : unmanaged
    {
        int m = op.M, n = op.N, k = op.K, i;
        T* x = op.A, w = op.B, c = op.C;
        var j = 0;
        for (; j + 8 <= n; j += 8)
        {
            for (i = 0; i + 2 <= m; i += 2)
            {
                Tile(2, 4, x + i * k, w + j * k, k, c + i * n + j, n);
                Tile(2, 4, x + i * k, w + (j + 4) * k, k, c + i * n + j + 4, n);
            }
            if (i < m) Tile(1, 8, x + i * k, w + j * k, k, c + i * n + j, n);
        }
        for (; j + 4 <= n; j += 4)
        {
            for (i = 0; i + 2 <= m; i += 2) Tile(2, 4, x + i * k, w + j * k, k, c + i * n + j, n);
            if (i < m) Tile(1, 4, x + i * k, w + j * k, k, c + i * n + j, n);
        }
        for (; j < n; j++)
            for (i = 0; i < m; i++) Tile(1, 1, x + i * k, w + j * k, k, c + i * n + j, n);
    }

    // An rows × cols tile of dot products (2×4, 1×8, 1×4 or 1×1); rows and cols are constants at
    // every call site, so the JIT folds the unused accumulators away.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<T>(int rows, int cols, T* x, T* w, int k, T* c, int ldc) where T : unmanaged
    {
        var v = Vector256<T>.Count;
        T* x1 = x + (rows > 1 ? k : 0);
        Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default,
            s4 = default, s5 = default, s6 = default, s7 = default;
        var p = 0;
        for (; p + v <= k; p += v)
        {
            var a0 = Vector256.Load(x + p);
            if (rows == 2)
            {
                var a1 = Vector256.Load(x1 + p);
                var b = Vector256.Load(w + p); s0 = Fma(a0, b, s0); s4 = Fma(a1, b, s4);
                b = Vector256.Load(w + k + p); s1 = Fma(a0, b, s1); s5 = Fma(a1, b, s5);
                b = Vector256.Load(w + 2 * k + p); s2 = Fma(a0, b, s2); s6 = Fma(a1, b, s6);
                b = Vector256.Load(w + 3 * k + p); s3 = Fma(a0, b, s3); s7 = Fma(a1, b, s7);
                continue;
            }
            s0 = Fma(a0, Vector256.Load(w + p), s0);
            if (cols == 1) continue;
            s1 = Fma(a0, Vector256.Load(w + k + p), s1);
            s2 = Fma(a0, Vector256.Load(w + 2 * k + p), s2);
            s3 = Fma(a0, Vector256.Load(w + 3 * k + p), s3);
            if (cols == 4) continue;
            s4 = Fma(a0, Vector256.Load(w + 4 * k + p), s4);
            s5 = Fma(a0, Vector256.Load(w + 5 * k + p), s5);
            s6 = Fma(a0, Vector256.Load(w + 6 * k + p), s6);
            s7 = Fma(a0, Vector256.Load(w + 7 * k + p), s7);
        }
        c[0] = Finish(s0, x, w, p, k);
        if (cols == 1) return;
        c[1] = Finish(s1, x, w + k, p, k);
        c[2] = Finish(s2, x, w + 2 * k, p, k);
        c[3] = Finish(s3, x, w + 3 * k, p, k);
        if (rows == 2)
        {
            c[ldc] = Finish(s4, x1, w, p, k);
            c[ldc + 1] = Finish(s5, x1, w + k, p, k);
            c[ldc + 2] = Finish(s6, x1, w + 2 * k, p, k);
            c[ldc + 3] = Finish(s7, x1, w + 3 * k, p, k);
        }
        else if (cols == 8)
        {
            c[4] = Finish(s4, x, w + 4 * k, p, k);
            c[5] = Finish(s5, x, w + 5 * k, p, k);
            c[6] = Finish(s6, x, w + 6 * k, p, k);
            c[7] = Finish(s7, x, w + 7 * k, p, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(float))
            return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    // The horizontal sum of the vector chain, then the last k mod W terms one at a time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Finish<T>(Vector256<T> acc, T* x, T* w, int p, int k) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var f = Vector256.Sum(acc.AsSingle());
            for (; p < k; p++) f += ((float*)x)[p] * ((float*)w)[p];
            return Unsafe.As<float, T>(ref f);
        }
        var d = Vector256.Sum(acc.AsDouble());
        for (; p < k; p++) d += ((double*)x)[p] * ((double*)w)[p];
        return Unsafe.As<double, T>(ref d);
    }
}
