using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Mlp.Tensors;

/// <summary>
/// Tasks <c>0 … count − 1</c> that the calling thread and the helpers it invites claim one at a
/// time. The caller always works too and only waits for tasks a helper has already claimed, so a
/// helper that starts late (or never) just leaves more to the caller. The first failure is
/// rethrown on the calling thread.
/// </summary>
internal abstract class SharedWork : IThreadPoolWorkItem
{
    private int tasks, next, done;
    private Exception? error;

    /// <summary>Runs task <paramref name="t"/>.</summary>
    protected abstract void RunTask(int t);

    /// <summary>Called before the helpers are invited, with the caller and helpers that will take part.</summary>
    protected virtual void Starting(int participants) { }

    /// <summary>Called by each participant once it has no more tasks to claim (the caller after all are done).</summary>
    protected virtual void Finished() { }

    /// <summary>
    /// Runs every task on the caller and up to <paramref name="threads"/> − 1 helpers of
    /// <paramref name="pool"/>; returns when all are done.
    /// </summary>
    internal void Run(int count, int threads, WorkerPool pool)
    {
        (tasks, next, done, error) = (count, 0, 0, null);
        var start = Stopwatch.GetTimestamp();
        var invited = pool.Available(Math.Min(threads, count) - 1);
        Starting(invited + 1);
        if (invited > 0) pool.Invite(this, invited);
        Work();
        if (invited > 0) pool.Join(ref done, count, start);
        var failure = error;
        Finished();
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>A helper's turn: claim tasks until none are left.</summary>
    public void Execute()
    {
        Work();
        Finished();
    }

    private void Work()
    {
        int t;
        while ((t = Interlocked.Increment(ref next) - 1) < tasks)
        {
            try { RunTask(t); }
            catch (Exception e) { Interlocked.CompareExchange(ref error, e, null); }
            finally { Interlocked.Increment(ref done); }
        }
    }
}
