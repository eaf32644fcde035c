using System.Diagnostics;

namespace Mlp.Tensors;

/// <summary>
/// The helper threads that parallel products borrow, and how they live:
/// <list type="bullet">
/// <item>a helper is started when a product first asks for one more thread than the pool has;</item>
/// <item>after each piece of work it spins for 200 µs looking for the next one (the products of a
/// step come microseconds apart, and waking a sleeping thread costs more than a small product),
/// then sleeps without using the CPU;</item>
/// <item>a helper asleep for <see cref="IdleTimeout"/> exits; the next product that needs it
/// starts a new one;</item>
/// <item><see cref="Dispose"/> makes every helper exit now, and a disposed pool lends none (its
/// products then run on the calling thread, with the same results).</item>
/// </list>
/// Helpers are background threads, so they never keep a process alive, and a program is never
/// left with a thread spinning. <see cref="Shared"/> is the pool every <see cref="Parallelism"/>
/// uses unless given another.
/// </summary>
/// <remarks>
/// A helper that is late, asleep or on a busy core only means the calling thread, which always
/// works too, claims more of the blocks: no result ever depends on who ran what. A block a helper
/// has claimed must still be waited for, and when the helper's core is taken that wait can cost
/// more than the helper saves; so a caller that waits longer than it worked, a few products in a
/// row, lends no helpers for a while (the rest rule, see <see cref="Join"/>).
/// </remarks>
public sealed class WorkerPool : IDisposable
{
    /// <summary>The pool of every <see cref="Parallelism"/> not given one; its helpers exit after 2 s without work.</summary>
    public static WorkerPool Shared { get; } = new();

    private readonly Lock gate = new();
    private volatile Helper[] helpers = [];
    private volatile bool disposed;
    private int strikes;
    private long restUntil; // Stopwatch timestamp
    private long invitations;

    /// <summary>A pool whose helpers exit after <paramref name="idleTimeout"/> asleep (default 2 s).</summary>
    public WorkerPool(TimeSpan? idleTimeout = null) => IdleTimeout = idleTimeout ?? Tuning.HelperIdleExit;

    /// <summary>How long a helper sleeps without work before it exits.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>Helpers alive now (started and not yet exited).</summary>
    public int LiveHelpers => helpers.Count(h => !h.Exited);

    /// <summary>How many times products have handed work to this pool's helpers.</summary>
    public long Invitations => Interlocked.Read(ref invitations);

    /// <summary>Makes every helper exit (waiting at most a second for each) and lends no more.</summary>
    public void Dispose()
    {
        disposed = true;
        foreach (var helper in helpers) helper.Stop();
    }

    /// <summary><paramref name="wanted"/> helpers, or none while they rest or the pool is disposed.</summary>
    internal int Available(int wanted) =>
        wanted > 0 && !disposed && Stopwatch.GetTimestamp() >= Volatile.Read(ref restUntil) ? wanted : 0;

    /// <summary>Whether helpers are resting now.</summary>
    internal bool Resting => !disposed && Available(1) == 0;

    /// <summary>
    /// Hands <paramref name="work"/> to <paramref name="count"/> helpers, which each call
    /// <see cref="IThreadPoolWorkItem.Execute"/> once, as soon as they can.
    /// </summary>
    internal void Invite(IThreadPoolWorkItem work, int count)
    {
        Interlocked.Increment(ref invitations);
        var all = helpers;
        if (all.Length < count || Array.Exists(all, h => h.Exited)) all = Renew(count);
        for (var h = 0; h < count && h < all.Length; h++) all[h].Post(work);
    }

    /// <summary>
    /// <c>body(0) … body(count − 1)</c>, shared out over the calling thread and up to
    /// <c>threads − 1</c> helpers; returns when all are done. For work whose result does not
    /// depend on which thread runs which index.
    /// </summary>
    internal void For(int count, int threads, Action<int> body) => new ForJob(body).Run(count, threads, this);

    private sealed class ForJob(Action<int> body) : SharedWork
    {
        protected override void RunTask(int t) => body(t);
    }

    /// <summary>
    /// Waits until <paramref name="counter"/> reaches <paramref name="target"/> (the blocks
    /// helpers claimed are done), the caller having started at <paramref name="start"/> and done
    /// its own share. A wait longer than that share is a strike against the helpers;
    /// <see cref="Tuning.StrikesToRest"/> in a row make them rest for <see cref="Tuning.HelperRest"/>.
    /// </summary>
    internal void Join(ref int counter, int target, long start)
    {
        var finished = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (Volatile.Read(ref counter) < target) spin.SpinOnce(sleep1Threshold: -1);
        var waited = Stopwatch.GetElapsedTime(finished);
        if (waited <= Tuning.ForgivenWait || waited <= Stopwatch.GetElapsedTime(start, finished))
        {
            if (Volatile.Read(ref strikes) != 0) Volatile.Write(ref strikes, 0);
            return;
        }
        if (Interlocked.Increment(ref strikes) < Tuning.StrikesToRest) return;
        Volatile.Write(ref strikes, 0);
        Volatile.Write(ref restUntil, Stopwatch.GetTimestamp() + (long)(Tuning.HelperRest.TotalSeconds * Stopwatch.Frequency));
    }

    // At least `count` helpers, exited ones replaced by new ones.
    private Helper[] Renew(int count)
    {
        lock (gate)
        {
            if (disposed) return [];
            var all = helpers;
            var renewed = new Helper[Math.Max(count, all.Length)];
            for (var h = 0; h < renewed.Length; h++)
                renewed[h] = h < all.Length && !all[h].Exited ? all[h] : new Helper(this, h);
            helpers = renewed;
            return renewed;
        }
    }

    private sealed class Helper
    {
        private readonly WorkerPool pool;
        private readonly Thread thread;
        private readonly SemaphoreSlim wake = new(0);
        private IThreadPoolWorkItem? pending;
        private int sleeping;
        private volatile bool exited;

        public Helper(WorkerPool pool, int index)
        {
            this.pool = pool;
            thread = new Thread(Loop) { IsBackground = true, Name = $"mlp helper {index + 1}" };
            thread.Start();
        }

        /// <summary>Whether the thread has left its loop (it takes no more work).</summary>
        public bool Exited => exited;

        public void Post(IThreadPoolWorkItem work)
        {
            // Work a helper never picked up is simply replaced: its caller finished it alone.
            Interlocked.Exchange(ref pending, work);
            if (Volatile.Read(ref sleeping) == 1) wake.Release();
        }

        public void Stop()
        {
            wake.Release();
            if (thread != Thread.CurrentThread) thread.Join(TimeSpan.FromSeconds(1));
        }

        private void Loop()
        {
            while (WaitForWork() is { } work) work.Execute();
        }

        // The next piece of work, or null when the helper should exit (idle too long, or disposed).
        private IThreadPoolWorkItem? WaitForWork()
        {
            while (!pool.disposed)
            {
                var clock = Stopwatch.GetTimestamp();
                var spin = new SpinWait();
                while (Stopwatch.GetElapsedTime(clock) < Tuning.HelperSpin && !pool.disposed)
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
                var woken = wake.Wait(pool.IdleTimeout);
                Interlocked.Exchange(ref sleeping, 0);
                if (woken) continue;
                // Idle too long: leave, unless work arrived at the last moment. Under the lock, so
                // that a renewal either sees this helper gone or finds it still taking work.
                lock (pool.gate)
                {
                    if (Interlocked.Exchange(ref pending, null) is { } last) return last;
                    exited = true;
                    return null;
                }
            }
            exited = true;
            return null;
        }
    }
}
