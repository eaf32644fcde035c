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
    /// <summary>Threads are handed at least this many columns, or this many rows, at a time.</summary>
    internal const int ColumnsPerTask = 32, RowsPerTask = 16;

    /// <summary><c>C[i, j] = Σ_p A[i·k + p] · B[j·k + p]</c>, on threads for big products.</summary>
    internal static void Run<T>(in GemmOperands<T> op, GemmOptions options) where T : unmanaged
    {
        var want = options.Threads * Tuning.TasksPerThread;
        var colTasks = Math.Min((op.N + ColumnsPerTask - 1) / ColumnsPerTask, want);
        var rowTasks = Math.Min((op.M + RowsPerTask - 1) / RowsPerTask, (want + colTasks - 1) / colTasks);
        // Below four rows the product is bound by streaming W, which costs about as much as four
        // rows of multiply-adds, and two cores stream it twice as fast (measured).
        var work = 2.0 * Math.Max(op.M, 4) * op.N * op.K;
        if (options.Threads <= 1 || work < options.ParallelMinFlops || rowTasks * colTasks < 2)
            Block(op, 0, op.M, 0, op.N);
        else
            GemmJob<T>.Run(op, GemmJob<T>.Kind.Dot, rowTasks, colTasks, options);
    }

    /// <summary>Task <paramref name="t"/> of a grid of blocks made of row pairs and groups of 8 columns.</summary>
    internal static void RunTask<T>(in GemmOperands<T> op, int t, int rowTasks, int colTasks) where T : unmanaged
    {
        int pairs = (op.M + 1) / 2, groups = (op.N + 7) / 8, ti = t / colTasks, tj = t % colTasks;
        int i0 = ti * pairs / rowTasks * 2, i1 = Math.Min(op.M, (ti + 1) * pairs / rowTasks * 2);
        int j0 = tj * groups / colTasks * 8, j1 = Math.Min(op.N, (tj + 1) * groups / colTasks * 8);
        if (i0 < i1 && j0 < j1) Block(op, i0, i1, j0, j1);
    }

    /// <summary>The block <c>i0 ≤ i &lt; i1</c>, <c>j0 ≤ j &lt; j1</c> of <c>C</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Block<T>(in GemmOperands<T> op, int i0, int i1, int j0, int j1) where T : unmanaged
    {
        int k = op.K, ldc = op.N, i;
        T* x = op.A, w = op.B, c = op.C;
        var j = j0;
        for (; j + 8 <= j1; j += 8)
        {
            for (i = i0; i + 2 <= i1; i += 2)
            {
                Tile(2, 4, x + i * k, w + j * k, k, c + i * ldc + j, ldc);
                Tile(2, 4, x + i * k, w + (j + 4) * k, k, c + i * ldc + j + 4, ldc);
            }
            if (i < i1) Tile(1, 8, x + i * k, w + j * k, k, c + i * ldc + j, ldc);
        }
        for (; j + 4 <= j1; j += 4)
        {
            for (i = i0; i + 2 <= i1; i += 2) Tile(2, 4, x + i * k, w + j * k, k, c + i * ldc + j, ldc);
            if (i < i1) Tile(1, 4, x + i * k, w + j * k, k, c + i * ldc + j, ldc);
        }
        for (; j < j1; j++)
            for (i = i0; i < i1; i++) Tile(1, 1, x + i * k, w + j * k, k, c + i * ldc + j, ldc);
        // The bias and relu once the block's dot products are done (it is still in L1), outside
        // the tiles: an extra live pointer in their loops costs more than this pass.
        if (op.Bias == null && !op.Relu) return;
        for (i = i0; i < i1; i++)
            for (j = j0; j < j1; j++)
            {
                var z = c[i * ldc + j];
                if (op.Bias != null) z = GemmKernel.Add(z, op.Bias[j]);
                c[i * ldc + j] = op.Relu ? GemmKernel.Relu(z) : z;
            }
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
