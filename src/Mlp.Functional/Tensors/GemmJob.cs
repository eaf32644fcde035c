using System.Runtime.ExceptionServices;

namespace Mlp.Tensors;

/// <summary>
/// One parallel product: a fixed grid of blocks of C that the calling thread and up to
/// <c>threads − 1</c> helper threads (<see cref="Workers"/>) claim one at a time. The caller always works too and
/// only waits for blocks a helper has already claimed, so a helper that starts late (or never,
/// on a busy machine) just leaves more blocks to the caller. Which thread computes a block never
/// changes its numbers. Job objects are reused, so a product allocates nothing.
/// </summary>
internal sealed unsafe class GemmJob<T> : IThreadPoolWorkItem where T : unmanaged
{
    // A few idle jobs: a helper may still be on its way out of the last product when the next
    // one starts, and that must not cost an allocation.
    private static readonly GemmJob<T>?[] Idle = new GemmJob<T>?[4];

    /// <summary>Which product the blocks belong to.</summary>
    internal enum Kind { Packed, Dot }

    private GemmOperands<T> op;
    private Kind kind;
    private int rowTasks, colTasks, tasks;
    private int next, done, owners;
    private Exception? error;

    /// <summary>Runs every block of the grid and returns when all are written.</summary>
    internal static void Run(in GemmOperands<T> op, Kind kind, int rowTasks, int colTasks, int threads)
    {
        var job = Take() ?? new GemmJob<T>();
        job.op = op;
        job.kind = kind;
        job.rowTasks = rowTasks;
        job.colTasks = colTasks;
        job.tasks = rowTasks * colTasks;
        job.next = 0;
        job.done = 0;
        job.error = null;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var helpers = Workers.Available(Math.Min(threads, job.tasks) - 1);
        job.owners = helpers + 1;
        if (helpers > 0) Workers.Invite(job, helpers);
        job.Work();
        if (helpers > 0) Workers.Join(ref job.done, job.tasks, start);
        var failure = job.error;
        job.Release();
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>A helper's turn: claim blocks until none are left.</summary>
    public void Execute()
    {
        Work();
        Release();
    }

    private void Work()
    {
        int t;
        while ((t = Interlocked.Increment(ref next) - 1) < tasks)
        {
            try
            {
                if (kind == Kind.Dot) GemmDot.RunTask(op, t, rowTasks, colTasks);
                else GemmPacked.RunTask(op, t, rowTasks, colTasks);
            }
            catch (Exception e) { Interlocked.CompareExchange(ref error, e, null); }
            finally { Interlocked.Increment(ref done); }
        }
    }

    // The last of the caller and its helpers to finish hands the job back for reuse, so a late
    // helper never sees the fields of the next product.
    private void Release()
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
