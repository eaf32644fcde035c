using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Tensors;

/// <summary>
/// Packs a <c>kc × nc</c> block of <c>op(B)</c> into slivers of <c>NR</c> columns, each
/// <c>kc × NR</c> contiguous and zero-padded past <c>nc</c>, the order the micro-kernel reads.
/// </summary>
internal static unsafe class GemmPack
{
    internal static void B<T>(in GemmOperands<T> op, int pc, int kc, int jc, int nc, T* dst) where T : unmanaged
    {
        var nr = GemmKernel.NR<T>();
        for (var s = 0; s * nr < nc; s++)
        {
            var cols = Math.Min(nr, nc - s * nr);
            T* src = op.B + pc * op.RsB + (jc + s * nr) * op.CsB;
            T* d = dst + (nint)s * kc * nr;
            if (op.CsB == 1) FromRows(src, op.RsB, kc, cols, nr, d);
            else FromColumns(src, op.CsB, kc, cols, nr, d);
        }
    }

    // op(B) stored as is: each step p is a contiguous run of the row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FromRows<T>(T* src, nint ld, int kc, int cols, int nr, T* d) where T : unmanaged
    {
        var w = Vector256<T>.Count;
        if (cols == nr)
        {
            for (var p = 0; p < kc; p++, src += ld, d += nr)
            {
                Vector256.Load(src).Store(d);
                Vector256.Load(src + w).Store(d + w);
            }
            return;
        }
        for (var p = 0; p < kc; p++, src += ld, d += nr)
        {
            var j = 0;
            for (; j < cols; j++) d[j] = src[j];
            for (; j < nr; j++) d[j] = default;
        }
    }

    // op(B) = Bᵀ: column j of op(B) is row j of B, so a sliver is a transpose of NR rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FromColumns<T>(T* src, nint ld, int kc, int cols, int nr, T* d) where T : unmanaged
    {
        var w = Vector256<T>.Count;
        var p = 0;
        if (cols == nr)
        {
            for (; p + w <= kc; p += w)
            {
                // Two w×w blocks: rows 0..w-1 of the sliver to lanes 0..w-1, rows w..2w-1 to the rest.
                if (typeof(T) == typeof(float))
                {
                    Transpose8((float*)(src + p), ld, (float*)(d + p * nr), nr);
                    Transpose8((float*)(src + w * ld + p), ld, (float*)(d + p * nr + w), nr);
                }
                else
                {
                    Transpose4((double*)(src + p), ld, (double*)(d + p * nr), nr);
                    Transpose4((double*)(src + w * ld + p), ld, (double*)(d + p * nr + w), nr);
                }
            }
        }
        for (; p < kc; p++)
        {
            T* dp = d + p * nr;
            var j = 0;
            for (; j < cols; j++) dp[j] = src[j * ld + p];
            for (; j < nr; j++) dp[j] = default;
        }
    }

    // dst[q·ldd + r] = src[r·ld + q] for r, q < 8.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(float* src, nint ld, float* dst, nint ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + ld);
        var r2 = Avx.LoadVector256(src + 2 * ld); var r3 = Avx.LoadVector256(src + 3 * ld);
        var r4 = Avx.LoadVector256(src + 4 * ld); var r5 = Avx.LoadVector256(src + 5 * ld);
        var r6 = Avx.LoadVector256(src + 6 * ld); var r7 = Avx.LoadVector256(src + 7 * ld);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
    }

    // dst[q·ldd + r] = src[r·ld + q] for r, q < 4.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(double* src, nint ld, double* dst, nint ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + ld);
        var r2 = Avx.LoadVector256(src + 2 * ld); var r3 = Avx.LoadVector256(src + 3 * ld);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(dst, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(t1, t3, 0x31));
    }
}
