using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Tensors;

/// <summary>
/// The micro-kernel: a <c>6 × 2W</c> tile of <c>C</c> (<c>W</c> = lanes of a <c>Vector256</c>: 6×16
/// floats, 6×8 doubles) kept in 12 FMA accumulators while the sum runs over one <c>kc</c> block.
/// <c>A</c> is read in place (one broadcast per row and step, any strides); <c>B</c> comes as a
/// packed sliver, <c>kc × 2W</c> contiguous.
/// </summary>
internal static unsafe class GemmKernel
{
    /// <summary>Rows of the register tile.</summary>
    internal const int MR = 6;

    /// <summary>Columns of the register tile, two vectors.</summary>
    internal static int NR<T>() => 2 * Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(float))
            return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    /// <summary>
    /// <c>C[r, j] (=, or += when accumulating) Σ_{p&lt;kc} A[r·rsA + p·csA] · B[p·2W + j]</c> for
    /// <c>r &lt; mr</c>, <c>j &lt; nr</c>. Rows from <c>mr</c> on repeat the last valid row of <c>A</c>, so
    /// nothing past <c>A</c> is read; their sums are dropped. Every element is the same FMA chain
    /// from zero, whichever tile it falls in, so the tiling never changes a result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: no slow tier-0 code
    internal static void Tile<T>(int kc, T* a, nint rsA, nint csA, T* b, T* c, nint ldc,
        int mr, int nr, bool accumulate, T* spill, T* bias = null, bool relu = false) where T : unmanaged
    {
        var w = Vector256<T>.Count;
        T* a0 = a, a1 = mr > 1 ? a0 + rsA : a0, a2 = mr > 2 ? a1 + rsA : a1,
           a3 = mr > 3 ? a2 + rsA : a2, a4 = mr > 4 ? a3 + rsA : a3, a5 = mr > 5 ? a4 + rsA : a4;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint o = 0;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var x = Vector256.Create(a0[o]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a1[o]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a2[o]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a3[o]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a4[o]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a5[o]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            o += csA;
            b += 2 * w;
        }
        if (mr == MR && nr == 2 * w)
        {
            if (bias == null && !relu)
            {
                Store(c00, c01, c, w, accumulate); c += ldc;
                Store(c10, c11, c, w, accumulate); c += ldc;
                Store(c20, c21, c, w, accumulate); c += ldc;
                Store(c30, c31, c, w, accumulate); c += ldc;
                Store(c40, c41, c, w, accumulate); c += ldc;
                Store(c50, c51, c, w, accumulate);
                return;
            }
            Vector256<T> b0 = bias == null ? default : Vector256.Load(bias), b1 = bias == null ? default : Vector256.Load(bias + w);
            Finish(c00, c01, c, w, accumulate, bias != null, b0, b1, relu); c += ldc;
            Finish(c10, c11, c, w, accumulate, bias != null, b0, b1, relu); c += ldc;
            Finish(c20, c21, c, w, accumulate, bias != null, b0, b1, relu); c += ldc;
            Finish(c30, c31, c, w, accumulate, bias != null, b0, b1, relu); c += ldc;
            Finish(c40, c41, c, w, accumulate, bias != null, b0, b1, relu); c += ldc;
            Finish(c50, c51, c, w, accumulate, bias != null, b0, b1, relu);
            return;
        }
        // An edge tile: spill the whole register tile, then copy only what lies inside C.
        nint nrFull = 2 * w;
        Store(c00, c01, spill, w, false); Store(c10, c11, spill + nrFull, w, false);
        Store(c20, c21, spill + 2 * nrFull, w, false); Store(c30, c31, spill + 3 * nrFull, w, false);
        Store(c40, c41, spill + 4 * nrFull, w, false); Store(c50, c51, spill + 5 * nrFull, w, false);
        for (var r = 0; r < mr; r++)
        {
            T* src = spill + r * nrFull, dst = c + r * ldc;
            for (var j = 0; j < nr; j++)
            {
                var z = accumulate ? Add(dst[j], src[j]) : src[j];
                if (bias != null) z = Add(z, bias[j]);
                dst[j] = relu ? Relu(z) : z;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector256<T> lo, Vector256<T> hi, T* c, int w, bool accumulate) where T : unmanaged
    {
        if (accumulate)
        {
            lo += Vector256.Load(c);
            hi += Vector256.Load(c + w);
        }
        lo.Store(c);
        hi.Store(c + w);
    }

    // The last store of a tile: the same additions as Store, then + bias, then relu.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T>(Vector256<T> lo, Vector256<T> hi, T* c, int w, bool accumulate,
        bool addBias, Vector256<T> b0, Vector256<T> b1, bool relu) where T : unmanaged
    {
        if (accumulate)
        {
            lo += Vector256.Load(c);
            hi += Vector256.Load(c + w);
        }
        if (addBias)
        {
            lo += b0;
            hi += b1;
        }
        if (relu)
        {
            // IEEE maximum, as TensorPrimitives.Max: NaN stays NaN, relu(−0) = +0.
            lo = Vector256.Max(lo, Vector256<T>.Zero);
            hi = Vector256.Max(hi, Vector256<T>.Zero);
        }
        lo.Store(c);
        hi.Store(c + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Relu<T>(T x)
    {
        if (typeof(T) == typeof(float))
        {
            var f = float.Max(Unsafe.As<T, float>(ref x), 0f);
            return Unsafe.As<float, T>(ref f);
        }
        var d = double.Max(Unsafe.As<T, double>(ref x), 0d);
        return Unsafe.As<double, T>(ref d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Add<T>(T x, T y)
    {
        // The same IEEE addition as the vector path's lanes.
        if (typeof(T) == typeof(float))
        {
            var f = Unsafe.As<T, float>(ref x) + Unsafe.As<T, float>(ref y);
            return Unsafe.As<float, T>(ref f);
        }
        var d = Unsafe.As<T, double>(ref x) + Unsafe.As<T, double>(ref y);
        return Unsafe.As<double, T>(ref d);
    }
}
