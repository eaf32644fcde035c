using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Tensors;

/// <summary>
/// <c>X·Wᵀ</c> for a few rows (inference on one sample, tiny batches): every element is a dot
/// product of two contiguous rows, so nothing is packed; <c>W</c> is streamed once, four rows at
/// a time, while those rows sit in L1 for all rows of <c>X</c>.
/// </summary>
internal static unsafe class GemmDot
{
    /// <summary><c>C[i, j] = Σ_p A[i·k + p] · B[j·k + p]</c>.</summary>
    internal static void Run<T>(in GemmOperands<T> op) where T : unmanaged
    {
        int m = op.M, n = op.N, k = op.K;
        var j = 0;
        for (; j + 4 <= n; j += 4)
        {
            T* w0 = op.B + (nint)j * k;
            for (var i = 0; i < m; i++)
                Dot4(op.A + (nint)i * k, w0, k, op.C + (nint)i * n + j);
        }
        for (; j < n; j++)
            for (var i = 0; i < m; i++)
                op.C[(nint)i * n + j] = Dot1(op.A + (nint)i * k, op.B + (nint)j * k, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(float))
            return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    // Four dot products of x with rows w, w+k, w+2k, w+3k. Two accumulators per product (even
    // and odd vector steps) keep eight FMA chains in flight; Dot1 sums in the very same order.
    private static void Dot4<T>(T* x, T* w, int k, T* c) where T : unmanaged
    {
        var v = Vector256<T>.Count;
        T* w1 = w + k, w2 = w1 + k, w3 = w2 + k;
        Vector256<T> e0 = default, e1 = default, e2 = default, e3 = default,
            o0 = default, o1 = default, o2 = default, o3 = default;
        var p = 0;
        for (; p + 2 * v <= k; p += 2 * v)
        {
            var xe = Vector256.Load(x + p);
            var xo = Vector256.Load(x + p + v);
            e0 = Fma(xe, Vector256.Load(w + p), e0); o0 = Fma(xo, Vector256.Load(w + p + v), o0);
            e1 = Fma(xe, Vector256.Load(w1 + p), e1); o1 = Fma(xo, Vector256.Load(w1 + p + v), o1);
            e2 = Fma(xe, Vector256.Load(w2 + p), e2); o2 = Fma(xo, Vector256.Load(w2 + p + v), o2);
            e3 = Fma(xe, Vector256.Load(w3 + p), e3); o3 = Fma(xo, Vector256.Load(w3 + p + v), o3);
        }
        if (p + v <= k)
        {
            var xe = Vector256.Load(x + p);
            e0 = Fma(xe, Vector256.Load(w + p), e0);
            e1 = Fma(xe, Vector256.Load(w1 + p), e1);
            e2 = Fma(xe, Vector256.Load(w2 + p), e2);
            e3 = Fma(xe, Vector256.Load(w3 + p), e3);
            p += v;
        }
        c[0] = Tail(Vector256.Sum(e0 + o0), x, w, p, k);
        c[1] = Tail(Vector256.Sum(e1 + o1), x, w1, p, k);
        c[2] = Tail(Vector256.Sum(e2 + o2), x, w2, p, k);
        c[3] = Tail(Vector256.Sum(e3 + o3), x, w3, p, k);
    }

    private static T Dot1<T>(T* x, T* w, int k) where T : unmanaged
    {
        var v = Vector256<T>.Count;
        Vector256<T> e = default, o = default;
        var p = 0;
        for (; p + 2 * v <= k; p += 2 * v)
        {
            e = Fma(Vector256.Load(x + p), Vector256.Load(w + p), e);
            o = Fma(Vector256.Load(x + p + v), Vector256.Load(w + p + v), o);
        }
        if (p + v <= k)
        {
            e = Fma(Vector256.Load(x + p), Vector256.Load(w + p), e);
            p += v;
        }
        return Tail(Vector256.Sum(e + o), x, w, p, k);
    }

    // The last k mod W terms, one at a time after the vector sum.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Tail<T>(T s, T* x, T* w, int p, int k) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var f = Unsafe.As<T, float>(ref s);
            for (; p < k; p++) f += ((float*)x)[p] * ((float*)w)[p];
            return Unsafe.As<float, T>(ref f);
        }
        var d = Unsafe.As<T, double>(ref s);
        for (; p < k; p++) d += ((double*)x)[p] * ((double*)w)[p];
        return Unsafe.As<double, T>(ref d);
    }
}
