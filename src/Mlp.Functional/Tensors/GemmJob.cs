namespace Mlp.Tensors;

/// <summary>
/// One parallel product: a fixed grid of blocks of C shared out as <see cref="SharedWork"/>
/// tasks. Which thread computes a block never changes its numbers. Job objects are reused, so a
/// product allocates nothing.
/// </summary>
internal sealed unsafe class GemmJob<T> : SharedWork where T : unmanaged
{
    // A few idle jobs: a helper may still be on its way out of the last product when the next
    // one starts, and that must not cost an allocation.
    private static readonly GemmJob<T>?[] Idle = new GemmJob<T>?[4];

    /// <summary>Which product the blocks belong to.</summary>
    internal enum Kind { Packed, Dot }

    private GemmOperands<T> op;
    private Kind kind;
    private int rowTasks, colTasks, owners;

    /// <summary>Runs every block of the grid and returns when all are written.</summary>
    internal static void Run(in GemmOperands<T> op, Kind kind, int rowTasks, int colTasks, GemmOptions options)
    {
        var job = Take() ?? new GemmJob<T>();
        (job.op, job.kind, job.rowTasks, job.colTasks) = (op, kind, rowTasks, colTasks);
        job.Run(rowTasks * colTasks, options.Threads, options.Helpers);
    }

    protected override void RunTask(int t)
    {
        if (kind == Kind.Dot) GemmDot.RunTask(op, t, rowTasks, colTasks);
        else GemmPacked.RunTask(op, t, rowTasks, colTasks);
    }

    protected override void Starting(int participants) => owners = participants;

    // The last of the caller and its helpers to finish hands the job back for reuse, so a late
    // helper never sees the fields of the next product.
    protected override void Finished()
    {
        if (Interlocked.Decrement(ref owners) != 0) return;
        for (var i = 0; i < Idle.Length; i++)
            if (Interlocked.CompareExchange(ref Idle[i], this, null) is null) return;
    }

    private static GemmJob<T>? Take()
    {
        for (var i = 0; i < Idle.Length; i++)
            if (Interlocked.Exchange(ref Idle[i], null) is { } job) return job;
        return null;
    }
}
