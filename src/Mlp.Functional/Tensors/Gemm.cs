using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Tensors;

/// <summary>Whether a GEMM operand is used as stored or transposed.</summary>
public enum Transpose { No, Yes }

/// <summary>
/// The one general matrix product of the library (BLAS GEMM, row-major):
/// <c>C = op(A)·op(B)</c>, with <c>op(A)</c> <c>[m × k]</c> and <c>op(B)</c> <c>[k × n]</c>.
/// Each layer needs three: <c>X·Wᵀ</c> (No, Yes), <c>δᵀ·A</c> (Yes, No) and <c>δ·W</c> (No, No).
/// </summary>
/// <remarks>
/// With AVX2 and FMA, <c>float</c> and <c>double</c> run a packed, cache-blocked product with a
/// <c>Vector256</c> FMA micro-kernel (<see cref="GemmPacked"/>); <c>X·Wᵀ</c> with few rows or
/// columns runs as unpacked dot products (<see cref="GemmDot"/>); tiny products run as a plain
/// loop with no packing and no threads (<see cref="GemmScalar"/>); without AVX2/FMA, or for other
/// element types, a portable path (<see cref="GemmPortable"/>). Big products are shared out over
/// threads by blocks of <c>C</c> only, never by the sum over <c>k</c>: every element is summed in
/// the same order whatever the thread count, so results are bit-for-bit reproducible.
/// </remarks>
public static class Gemm
{
    /// <summary>Computes <c>op(A)·op(B)</c> as a new matrix, on the threads <paramref name="parallelism"/> allows (default: all cores).</summary>
    /// <exception cref="ArgumentException">The inner dimensions differ.</exception>
    public static Matrix<T> Multiply<T>(Matrix<T> a, Transpose ta, Matrix<T> b, Transpose tb, Parallelism? parallelism = null)
        where T : IFloatingPointIeee754<T>
    {
        var (m, ka) = ta == Transpose.No ? (a.Rows, a.Cols) : (a.Cols, a.Rows);
        var (kb, n) = tb == Transpose.No ? (b.Rows, b.Cols) : (b.Cols, b.Rows);
        if (ka != kb)
            throw new ArgumentException(
                $"GEMM inner dimensions differ: op(A) is {m}×{ka}, op(B) is {kb}×{n}");
        var c = GC.AllocateUninitializedArray<T>(m * n); // Compute overwrites every element
        Compute(m, n, ka, a.Span, ta, b.Span, tb, c, GemmOptions.For(parallelism ?? Parallelism.Default));
        return Matrix<T>.Own(c, m, n);
    }

    /// <summary><c>A·B</c>.</summary>
    public static Matrix<T> Multiply<T>(Matrix<T> a, Matrix<T> b, Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
        => Multiply(a, Transpose.No, b, Transpose.No, parallelism);

    /// <summary>
    /// Span entry point: overwrites <paramref name="c"/> (<c>[m × n]</c>, row-major) with
    /// <c>op(A)·op(B)</c>. <paramref name="a"/> is stored <c>[m × k]</c> (or <c>[k × m]</c> when
    /// transposed), <paramref name="b"/> <c>[k × n]</c> (or <c>[n × k]</c>). Allocates nothing.
    /// <paramref name="options"/> say on how many threads (tests also force paths with them).
    /// </summary>
    internal static void Compute<T>(int m, int n, int k,
        ReadOnlySpan<T> a, Transpose ta, ReadOnlySpan<T> b, Transpose tb, Span<T> c, GemmOptions options)
        where T : IFloatingPointIeee754<T>
        => Compute(m, n, k, a, ta, b, tb, c, options, default, relu: false);

    /// <summary>
    /// A layer's <c>Z = X·Wᵀ + b</c>, or <c>relu(X·Wᵀ + b)</c>, in one pass: the bias (one value
    /// per column of C) and the relu are applied to each register tile as it is stored, not in
    /// passes of their own over C. Bit for bit what the product followed by
    /// <see cref="Kernels.AddRowVector{T}"/> and <see cref="Kernels.Relu{T}"/> gives.
    /// </summary>
    internal static void Compute<T>(int m, int n, int k,
        ReadOnlySpan<T> a, Transpose ta, ReadOnlySpan<T> b, Transpose tb, Span<T> c, GemmOptions options,
        ReadOnlySpan<T> bias, bool relu)
        where T : IFloatingPointIeee754<T>
    {
        CheckSizes(m, n, k, a.Length, b.Length, c.Length);
        if (!bias.IsEmpty && bias.Length < n)
            throw new ArgumentException($"GEMM bias needs {n} elements, got {bias.Length}");
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            c[..(m * n)].Clear();
            Epilogue.Apply(c[..(m * n)], bias[..(bias.IsEmpty ? 0 : n)], relu);
            return;
        }
        if (typeof(T) == typeof(float))
            GemmDispatch.Run(m, n, k, Reinterpret<T, float>(a), ta, Reinterpret<T, float>(b), tb,
                MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(c)), c.Length), options,
                Reinterpret<T, float>(bias), relu);
        else if (typeof(T) == typeof(double))
            GemmDispatch.Run(m, n, k, Reinterpret<T, double>(a), ta, Reinterpret<T, double>(b), tb,
                MemoryMarshal.CreateSpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(c)), c.Length), options,
                Reinterpret<T, double>(bias), relu);
        else
        {
            GemmPortable.Run(m, n, k, a, ta, b, tb, c);
            Epilogue.Apply(c[..(m * n)], bias[..(bias.IsEmpty ? 0 : n)], relu);
        }
    }

    private static ReadOnlySpan<TTo> Reinterpret<TFrom, TTo>(ReadOnlySpan<TFrom> s)
        => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(s)), s.Length);

    // The fast paths work on raw pointers, so a short span must fail here, never read past it.
    private static void CheckSizes(int m, int n, int k, int aLength, int bLength, int cLength)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM sizes must not be negative: {m}×{n}×{k}");
        if ((long)m * k > aLength || (long)k * n > bLength || (long)m * n > cLength)
            throw new ArgumentException(
                $"GEMM {m}×{n}×{k} needs A ≥ {(long)m * k}, B ≥ {(long)k * n}, C ≥ {(long)m * n} elements; " +
                $"got {aLength}, {bLength}, {cLength}");
    }
}

/// <summary>Which implementation a product runs on; <see cref="Auto"/> decides by shape and hardware.</summary>
internal enum GemmPath
{
    /// <summary>Shape and hardware decide (the default).</summary>
    Auto,
    /// <summary>Plain triple loop on the calling thread (tiny products).</summary>
    Scalar,
    /// <summary>Row updates through TensorPrimitives (no AVX2/FMA, or other element types).</summary>
    Portable,
    /// <summary>Packed panels, cache blocking, Vector256 FMA micro-kernel, threads for big products.</summary>
    Packed,
    /// <summary>Unpacked Vector256 dot products for <c>X·Wᵀ</c> with few rows (inference) or few columns.</summary>
    Dot,
}

/// <summary>
/// How a product runs: forced path, thread count, the work (in flops, <c>2mnk</c>) below which
/// no thread is handed work, and the pool whose helpers it borrows. Results never depend on
/// <see cref="Threads"/>.
/// </summary>
internal readonly record struct GemmOptions(GemmPath Path, int Threads, long ParallelMinFlops, WorkerPool Helpers)
{
    /// <summary>Automatic path, threads and helpers as <paramref name="parallelism"/> says.</summary>
    internal static GemmOptions For(Parallelism parallelism) =>
        new(GemmPath.Auto, parallelism.Threads, Tuning.ParallelMinFlops, parallelism.Helpers);
}

/// <summary>The bias-and-relu step after a product, for the paths that do not fuse it.</summary>
internal static class Epilogue
{
    /// <summary><c>C += b</c> on every row (when there is a bias), then <c>C = max(C, 0)</c> (when asked).</summary>
    internal static void Apply<T>(Span<T> c, ReadOnlySpan<T> bias, bool relu) where T : IFloatingPointIeee754<T>
    {
        if (!bias.IsEmpty) Kernels.AddRowVector(c, bias);
        if (relu) Kernels.Relu<T>(c, c);
    }
}
