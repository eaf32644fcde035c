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
/// <item><see cref="Release"/> makes every helper exit as soon as it has finished the work in
/// hand (they come back when a product next needs them); <see cref="Dispose"/> does the same and
/// lends no more (the pool's products then run on the calling thread, with the same results).</item>
/// </list>
/// A pool lends at most one helper fewer than the machine has cores: more threads than cores only
/// wait for each other. Helpers are background threads, so they never keep a process alive, and
/// a program is never left with a thread spinning. <see cref="Shared"/> is the pool every
/// <see cref="Parallelism"/> uses unless given another; disposing it only releases its helpers.
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

    /// <summary>The most helpers a pool lends: one fewer than the cores (at least one).</summary>
    public static int MaxHelpers { get; } = Math.Max(1, Environment.ProcessorCount - 1);

    private readonly Lock gate = new();
    private volatile Helper[] helpers = [];
    private volatile bool disposed;
    private int strikes;
    private long restUntil; // Stopwatch timestamp
    private long invitations;

    /// <summary>A pool whose helpers exit after <paramref name="idleTimeout"/> asleep (default 2 s).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive (nor <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public WorkerPool(TimeSpan? idleTimeout = null)
    {
        IdleTimeout = idleTimeout ?? Tuning.HelperIdleExit;
        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "a helper's idle time must be positive");
    }

    /// <summary>How long a helper sleeps without work before it exits.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>Helpers alive now (started and not yet exited).</summary>
    public int LiveHelpers => helpers.Count(h => !h.Exited);

    /// <summary>
    /// Helpers awake now: working, or spinning for the next piece of work (200 µs after each); the
    /// others sleep without using the CPU, or have exited. Soon after the last product, 0.
    /// </summary>
    public int BusyHelpers => helpers.Count(h => h.Busy);

    /// <summary>How many times products have handed work to this pool's helpers.</summary>
    public long Invitations => Interlocked.Read(ref invitations);

    /// <summary>
    /// Makes every helper exit once it has finished the work in hand, waiting at most a second
    /// for each; products that need helpers later start new ones.
    /// </summary>
    public void Release()
    {
        Helper[] all;
        lock (gate) (all, helpers) = (helpers, []);
        foreach (var helper in all) helper.Stop();
    }

    /// <summary>
    /// Releases the helpers (see <see cref="Release"/>) and lends no more; disposing
    /// <see cref="Shared"/> only releases them.
    /// </summary>
    public void Dispose()
    {
        if (this != Shared) lock (gate) disposed = true;
        Release();
    }

    /// <summary>
    /// Up to <paramref name="wanted"/> helpers (at most <see cref="MaxHelpers"/>), or none while
    /// they rest or the pool is disposed.
    /// </summary>
    internal int Available(int wanted) =>
        wanted > 0 && !disposed && Stopwatch.GetTimestamp() >= Volatile.Read(ref restUntil) ? Math.Min(wanted, MaxHelpers) : 0;

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
        for (var h = 0; h < count && h < all.Length; h++)
            if (!all[h].Post(work) && Renew(count) is var renewed && h < renewed.Length)
                renewed[h].Post(work); // it had just left; once more, else the caller does the work
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
        private volatile bool exited, stop;

        public Helper(WorkerPool pool, int index)
        {
            this.pool = pool;
            thread = new Thread(Loop) { IsBackground = true, Name = $"mlp helper {index + 1}" };
            thread.Start();
        }

        /// <summary>Whether the thread has left its loop (it takes no more work).</summary>
        public bool Exited => exited;

        /// <summary>Whether the thread is awake: working or spinning, not asleep and not gone.</summary>
        public bool Busy => !exited && Volatile.Read(ref sleeping) == 0;

        /// <summary>Hands over <paramref name="work"/>; false when the helper has left (it will not take it).</summary>
        public bool Post(IThreadPoolWorkItem work)
        {
            // Work a helper never picked up is simply replaced: its caller finished it alone.
            Interlocked.Exchange(ref pending, work);
            if (exited)
            {
                Interlocked.CompareExchange(ref pending, null, work);
                return false;
            }
            if (Volatile.Read(ref sleeping) == 1) wake.Release();
            return true;
        }

        /// <summary>Tells the helper to leave, and waits at most a second for it.</summary>
        public void Stop()
        {
            stop = true;
            wake.Release();
            if (thread != Thread.CurrentThread) thread.Join(TimeSpan.FromSeconds(1));
        }

        private void Loop()
        {
            while (WaitForWork() is { } work) work.Execute();
        }

        // The next piece of work, or null when the helper should exit (idle too long, or released).
        // It only ever loses a post (the caller then does that work), never takes one twice.
        private IThreadPoolWorkItem? WaitForWork()
        {
            while (!stop)
            {
                var clock = Stopwatch.GetTimestamp();
                var spin = new SpinWait();
                while (Stopwatch.GetElapsedTime(clock) < Tuning.HelperSpin && !stop)
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
