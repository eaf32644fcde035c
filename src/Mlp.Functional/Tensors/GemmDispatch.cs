using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Tensors;

/// <summary>Chooses the implementation of a <c>float</c> or <c>double</c> product by shape and hardware.</summary>
internal static unsafe class GemmDispatch
{
    /// <summary>AVX2 and FMA: the Vector256 micro-kernels run in hardware.</summary>
    internal static bool Accelerated => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>At most this many multiply-adds (<c>mnk</c>) run as a plain triple loop (measured).</summary>
    internal const long ScalarMaxFma = 64;

    /// <summary>
    /// <c>X·Wᵀ</c> with at most this many rows or columns runs as unpacked dot products: packing
    /// <c>W</c> would cost more than the product, or most lanes of a 16-wide tile would be idle (measured).
    /// </summary>
    internal const int DotMaxRowsOrCols = 8;

    /// <summary>The path <see cref="GemmPath.Auto"/> resolves to for a shape.</summary>
    internal static GemmPath Choose(int m, int n, int k, Transpose ta, Transpose tb)
    {
        if ((long)m * n * k <= ScalarMaxFma) return GemmPath.Scalar;
        if (!Accelerated) return GemmPath.Portable;
        return ta == Transpose.No && tb == Transpose.Yes && Math.Min(m, n) <= DotMaxRowsOrCols
            ? GemmPath.Dot : GemmPath.Packed;
    }

    internal static void Run<T>(int m, int n, int k, ReadOnlySpan<T> a, Transpose ta,
        ReadOnlySpan<T> b, Transpose tb, Span<T> c, GemmOptions options, ReadOnlySpan<T> bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var path = options.Path == GemmPath.Auto ? Choose(m, n, k, ta, tb) : options.Path;
        if (!Accelerated && path is GemmPath.Packed or GemmPath.Dot) path = GemmPath.Portable;
        if (path == GemmPath.Dot && !(ta == Transpose.No && tb == Transpose.Yes)) path = GemmPath.Packed;
        switch (path)
        {
            case GemmPath.Scalar:
                GemmScalar.Run(m, n, k, a, ta, b, tb, c);
                Epilogue.Apply(c[..(m * n)], bias[..(bias.IsEmpty ? 0 : n)], relu);
                return;
            case GemmPath.Portable:
                GemmPortable.Run(m, n, k, a, ta, b, tb, c);
                Epilogue.Apply(c[..(m * n)], bias[..(bias.IsEmpty ? 0 : n)], relu);
                return;
        }
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pbias = bias)
        {
            // op(A)(i, p) = A[i·RsA + p·CsA], op(B)(p, j) = B[p·RsB + j·CsB].
            var op = new GemmOperands<T>(m, n, k,
                pa, ta == Transpose.No ? k : 1, ta == Transpose.No ? 1 : m,
                pb, tb == Transpose.No ? n : 1, tb == Transpose.No ? 1 : k,
                pc, bias.IsEmpty ? null : pbias, relu);
            if (path == GemmPath.Dot) GemmDot.Run(op, options);
            else GemmPacked.Run(op, options);
        }
    }
}

/// <summary>
/// One product on raw pointers: <c>op(A)(i, p) = A[i·RsA + p·CsA]</c>,
/// <c>op(B)(p, j) = B[p·RsB + j·CsB]</c>, <c>C[i·N + j]</c>; then, as each tile of C is finished,
/// <c>+ Bias[j]</c> (when not null) and <c>max(·, 0)</c> (when <c>Relu</c>). Only valid while the
/// caller keeps the buffers pinned.
/// </summary>
internal readonly unsafe struct GemmOperands<T>(int m, int n, int k,
    T* a, nint rsA, nint csA, T* b, nint rsB, nint csB, T* c, T* bias = null, bool relu = false) where T : unmanaged
{
    public readonly int M = m, N = n, K = k;
    public readonly T* A = a, B = b, C = c, Bias = bias;
    public readonly nint RsA = rsA, CsA = csA, RsB = rsB, CsB = csB;
    public readonly bool Relu = relu;
}
