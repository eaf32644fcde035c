namespace Mlp.Tensors;

/// <summary>
/// The helper threads of the parallel products: a few dedicated background threads that, after
/// each piece of work, spin for a short while waiting for the next one before they sleep. A
/// training step or a forward pass runs several products back to back, microseconds apart; a
/// thread-pool worker woken for each costs a few microseconds per product, more than a whole
/// small product (measured: a 1×784×256 product took 6.6 µs on two pool threads, 9.2 µs on one;
/// the ideal is 4.6). OpenMP runtimes spin for the same reason.
/// </summary>
/// <remarks>
/// A helper that is late, asleep or on a busy core only means the calling thread, which always
/// works too, claims more of the blocks: no result ever depends on who ran what. A block a
/// helper has claimed must still be waited for; when a helper's core is taken (by another
/// program, or by the hypervisor), that wait can cost more than the helper saves. So a caller
/// that keeps waiting longer than it worked itself stops inviting helpers for a while (see
/// <see cref="Join"/>) and runs alone, at one core's speed, then tries again.
/// </remarks>
internal static class Workers
{
    /// <summary>How long a helper keeps looking for the next piece of work before it sleeps.</summary>
    internal static readonly TimeSpan Spin = TimeSpan.FromMicroseconds(200);

    /// <summary>Products in a row whose wait for a helper outlasted the caller's own work before helpers rest.</summary>
    internal const int StrikesToRest = 3;

    /// <summary>How long helpers are left out after that.</summary>
    internal static readonly TimeSpan Rest = TimeSpan.FromMilliseconds(50);

    // A wait shorter than this is never held against a helper (waking one takes about this long).
    private static readonly TimeSpan Forgiven = TimeSpan.FromMicroseconds(20);

    private static int strikes;
    private static long restUntil; // Stopwatch timestamp

    [ThreadStatic] private static long invitedFromThisThread;

    /// <summary>How many times this thread has handed work to helpers (tests: small steps never do).</summary>
    internal static long InvitedFromThisThread => invitedFromThisThread;

    private static readonly object Gate = new();
    private static volatile Helper[] helpers = [];

    /// <summary>
    /// Hands <paramref name="work"/> to <paramref name="count"/> helpers, which each call
    /// <see cref="IThreadPoolWorkItem.Execute"/> once, as soon as they can.
    /// </summary>
    internal static void Invite(IThreadPoolWorkItem work, int count)
    {
        invitedFromThisThread++;
        var all = helpers;
        if (all.Length < count) all = Grow(count);
        for (var h = 0; h < count; h++) all[h].Post(work);
    }

    /// <summary>
    /// <c>body(0) … body(count − 1)</c>, shared out over the calling thread and up to
    /// <c>threads − 1</c> helpers; returns when all are done. For work whose result does not
    /// depend on which thread runs which index.
    /// </summary>
    internal static void For(int count, int threads, Action<int> body) => new ForJob(body).Run(count, threads);

    private sealed class ForJob(Action<int> body) : SharedWork
    {
        protected override void RunTask(int t) => body(t);
    }

    /// <summary><paramref name="wanted"/> helpers, or none while they rest.</summary>
    internal static int Available(int wanted) =>
        wanted > 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= Volatile.Read(ref restUntil) ? wanted : 0;

    /// <summary>Whether helpers are resting now.</summary>
    internal static bool Resting => Available(1) == 0;

    /// <summary>
    /// Waits until <paramref name="counter"/> reaches <paramref name="target"/> (the blocks
    /// helpers claimed are done), the caller having started at <paramref name="start"/> and done
    /// its own share. A wait longer than that share is a strike against the helpers;
    /// <see cref="StrikesToRest"/> in a row make them rest for <see cref="Rest"/>.
    /// </summary>
    internal static void Join(ref int counter, int target, long start)
    {
        var finished = System.Diagnostics.Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (Volatile.Read(ref counter) < target) spin.SpinOnce(sleep1Threshold: -1);
        var waited = System.Diagnostics.Stopwatch.GetElapsedTime(finished);
        if (waited <= Forgiven || waited <= System.Diagnostics.Stopwatch.GetElapsedTime(start, finished))
        {
            if (Volatile.Read(ref strikes) != 0) Volatile.Write(ref strikes, 0);
            return;
        }
        if (Interlocked.Increment(ref strikes) < StrikesToRest) return;
        Volatile.Write(ref strikes, 0);
        Volatile.Write(ref restUntil, System.Diagnostics.Stopwatch.GetTimestamp() + (long)(Rest.TotalSeconds * System.Diagnostics.Stopwatch.Frequency));
    }

    private static Helper[] Grow(int count)
    {
        lock (Gate)
        {
            var all = helpers;
            if (all.Length >= count) return all;
            var grown = new Helper[count];
            all.CopyTo(grown, 0);
            for (var h = all.Length; h < count; h++) grown[h] = new Helper(h);
            helpers = grown;
            return grown;
        }
    }

    private sealed class Helper
    {
        private readonly SemaphoreSlim wake = new(0);
        private IThreadPoolWorkItem? pending;
        private int sleeping;

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"mlp gemm helper {index + 1}" };
            thread.Start();
        }

        public void Post(IThreadPoolWorkItem work)
        {
            // Work a helper never picked up is simply replaced: its caller finished it alone
            // (that job is then not reused, only collected).
            Interlocked.Exchange(ref pending, work);
            if (Volatile.Read(ref sleeping) == 1) wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                var work = WaitForWork();
                work.Execute();
            }
        }

        private IThreadPoolWorkItem WaitForWork()
        {
            while (true)
            {
                var clock = System.Diagnostics.Stopwatch.GetTimestamp();
                var spin = new SpinWait();
                while (System.Diagnostics.Stopwatch.GetElapsedTime(clock) < Spin)
                {
                    if (Interlocked.Exchange(ref pending, null) is { } work) return work;
                    spin.SpinOnce(sleep1Threshold: -1);
                }
                // Announce the sleep first, then look once more: a Post in between either sees
                // the flag and wakes us, or left work that this second look finds.
                Interlocked.Exchange(ref sleeping, 1);
                if (Interlocked.Exchange(ref pending, null) is { } late)
                {
                    Interlocked.Exchange(ref sleeping, 0);
                    return late;
                }
                wake.Wait();
                Interlocked.Exchange(ref sleeping, 0);
            }
        }
    }
}

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

    /// <summary>Runs every task on the caller and up to <paramref name="threads"/> − 1 helpers; returns when all are done.</summary>
    internal void Run(int count, int threads)
    {
        (tasks, next, done, error) = (count, 0, 0, null);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var invited = Workers.Available(Math.Min(threads, count) - 1);
        Starting(invited + 1);
        if (invited > 0) Workers.Invite(this, invited);
        Work();
        if (invited > 0) Workers.Join(ref done, count, start);
        var failure = error;
        Finished();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
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
