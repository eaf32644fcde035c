using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mlp.Tensors;

/// <summary>
/// The blocked product (the GotoBLAS/BLIS loop nest): for each <c>NC</c>-wide column panel and
/// each <c>KC</c>-deep slice of the sum, pack <c>op(B)</c> once (L3/L2), then walk <c>MC</c>-row
/// blocks of <c>A</c> (L2) and the <c>6 × NR</c> register tiles, each B sliver staying in L1.
/// </summary>
internal static unsafe class GemmPacked
{
    /// <summary>Depth of one slice of the sum; the only blocking that shapes the results.</summary>
    internal const int KC = 256;

    /// <summary>Rows of A per L2 block (240 floats, 120 doubles: about 240 KB with <c>KC</c>).</summary>
    internal static int MC<T>() where T : unmanaged => 960 / sizeof(T);

    /// <summary>Columns of B per packed panel (2048 floats, 1024 doubles: 2 MB with <c>KC</c>).</summary>
    internal static int NC<T>() where T : unmanaged => 8192 / sizeof(T);

    /// <summary>
    /// The depth of every slice of the sum for this <c>k</c>: <c>k</c> split into equal slices of at
    /// most <see cref="KC"/>. It depends on <c>k</c> alone, so every element of <c>C</c> is summed
    /// in the same order whatever the tiling or the thread count.
    /// </summary>
    internal static int SliceDepth(int k) => (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);

    internal static void Run<T>(in GemmOperands<T> op, GemmOptions options) where T : unmanaged
    {
        int nr = GemmKernel.NR<T>(), mr = GemmKernel.MR;
        int slivers = (op.N + nr - 1) / nr, rowTiles = (op.M + mr - 1) / mr;
        var threads = options.Threads;
        if (threads <= 1 || 2.0 * op.M * op.N * op.K < options.ParallelMinFlops || slivers * rowTiles < 2)
        {
            Block(op, 0, op.M, 0, op.N);
            return;
        }
        // Split the columns first: column tasks share nothing that has to be packed twice.
        var want = threads * Tuning.TasksPerThread;
        var colTasks = Math.Min(slivers, want);
        var rowTasks = Math.Min(rowTiles, (want + colTasks - 1) / colTasks);
        GemmJob<T>.Run(op, GemmJob<T>.Kind.Packed, rowTasks, colTasks, options);
    }

    /// <summary>Task <paramref name="t"/> of a <c>rowTasks × colTasks</c> grid of tile-aligned blocks of C.</summary>
    internal static void RunTask<T>(in GemmOperands<T> op, int t, int rowTasks, int colTasks) where T : unmanaged
    {
        int nr = GemmKernel.NR<T>(), mr = GemmKernel.MR;
        int slivers = (op.N + nr - 1) / nr, rowTiles = (op.M + mr - 1) / mr;
        int ti = t / colTasks, tj = t % colTasks;
        int i0 = ti * rowTiles / rowTasks * mr, i1 = Math.Min(op.M, (ti + 1) * rowTiles / rowTasks * mr);
        int j0 = tj * slivers / colTasks * nr, j1 = Math.Min(op.N, (tj + 1) * slivers / colTasks * nr);
        if (i0 < i1 && j0 < j1) Block(op, i0, i1, j0, j1);
    }

    /// <summary>Packed panels this small go on the stack, so small products never touch the pool.</summary>
    private const int StackBytes = 16 * 1024;

    /// <summary>Overwrites <c>C[i0..i1, j0..j1]</c> with its part of <c>op(A)·op(B)</c>.</summary>
    [SkipLocalsInit] // packing writes every element the kernel reads
    internal static void Block<T>(in GemmOperands<T> op, int i0, int i1, int j0, int j1) where T : unmanaged
    {
        int nr = GemmKernel.NR<T>(), mr = GemmKernel.MR;
        var panel = Math.Min(NC<T>(), j1 - j0);
        var length = SliceDepth(op.K) * ((panel + nr - 1) / nr * nr) + mr * nr;
        if (length * sizeof(T) <= StackBytes)
        {
            T* small = stackalloc T[length];
            Block(op, i0, i1, j0, j1, panel, small);
            return;
        }
        var buffer = ArrayPool<T>.Shared.Rent(length);
        fixed (T* packed = buffer) Block(op, i0, i1, j0, j1, panel, packed);
        ArrayPool<T>.Shared.Return(buffer);
    }

    // The loop nest over one block of C, with room for a packed kc × panel block of B and,
    // after it, one register tile to spill edge tiles into.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T>(in GemmOperands<T> op, int i0, int i1, int j0, int j1, int panel, T* packed)
        where T : unmanaged
    {
        int nr = GemmKernel.NR<T>(), mr = GemmKernel.MR, mcMax = MC<T>();
        var depth = SliceDepth(op.K);
        T* spill = packed + depth * ((panel + nr - 1) / nr * nr);
        for (var jc = j0; jc < j1; jc += panel)
        {
            var nc = Math.Min(panel, j1 - jc);
            for (var pc = 0; pc < op.K; pc += depth)
            {
                var kc = Math.Min(depth, op.K - pc);
                GemmPack.B(op, pc, kc, jc, nc, packed);
                for (var ic = i0; ic < i1; ic += mcMax)
                {
                    var mc = Math.Min(mcMax, i1 - ic);
                    T* aBlock = op.A + ic * op.RsA + pc * op.CsA;
                    T* cBlock = op.C + (nint)ic * op.N + jc;
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        T* sliver = packed + (nint)jr * kc;
                        var nrValid = Math.Min(nr, nc - jr);
                        // The bias and relu go on with the last slice of the sum, as C is finished.
                        var last = pc + kc == op.K;
                        T* bias = last && op.Bias != null ? op.Bias + jc + jr : null;
                        var relu = last && op.Relu;
                        for (var ir = 0; ir < mc; ir += mr)
                            GemmKernel.Tile(kc, aBlock + ir * op.RsA, op.RsA, op.CsA, sliver,
                                cBlock + (nint)ir * op.N + jr, op.N, Math.Min(mr, mc - ir), nrValid,
                                accumulate: pc > 0, spill, bias, relu);
                    }
                }
            }
        }
    }
}
