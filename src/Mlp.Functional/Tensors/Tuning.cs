namespace Mlp.Tensors;

/// <summary>
/// The measured constants that decide when work is shared out over threads and how helper
/// threads behave, in one place. None of them changes a result: only tiles of a product's
/// output and disjoint chunks of element-wise work are shared out, never a sum. The figures are
/// from the project's 2-core machine (docs/performance.md).
/// </summary>
internal static class Tuning
{
    /// <summary>
    /// A product of less work than this (flops, <c>2mnk</c>) runs on the calling thread: a hand-off
    /// costs more than it saves. <c>X·Wᵀ</c> with fewer than four rows counts as four rows: it is
    /// bound by streaming <c>W</c>, which costs about that much, and two cores stream it faster.
    /// Measured: workload c (64-64-10, batch 32) ran 1.73M samples/s on one thread and 1.35M with
    /// a helper at a 250k threshold.
    /// </summary>
    internal const long ParallelMinFlops = 1_000_000;

    /// <summary>
    /// Blocks of a product per thread, so that a thread that starts late or sits on a busy core
    /// leaves little for the others to wait for (8 measured no better than 4).
    /// </summary>
    internal const int TasksPerThread = 4;

    /// <summary>
    /// Element-wise optimizer work (Adam) over a leaf of more than two of these many elements is
    /// shared out in chunks of this size; smaller leaves cost less than a hand-off.
    /// </summary>
    internal const int ElementwiseChunk = 32 * 1024;

    /// <summary>
    /// How long a helper keeps looking for the next piece of work before it sleeps. The products
    /// of a step come microseconds apart: a 1×784×256 product took 6.6 µs when it woke pool
    /// threads, 4.8 µs with spinning helpers, 9.4 µs on one thread.
    /// </summary>
    internal static readonly TimeSpan HelperSpin = TimeSpan.FromMicroseconds(200);

    /// <summary>How long the shared pool's helpers sleep without work before they exit.</summary>
    internal static readonly TimeSpan HelperIdleExit = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Products in a row in which the caller waited for a helper longer than it worked itself
    /// before the helpers rest (their core is taken: by another program, or by the hypervisor).
    /// </summary>
    internal const int StrikesToRest = 3;

    /// <summary>How long helpers are left out after <see cref="StrikesToRest"/> strikes.</summary>
    internal static readonly TimeSpan HelperRest = TimeSpan.FromMilliseconds(50);

    /// <summary>A wait for a helper shorter than this is never held against it (waking one takes about this long).</summary>
    internal static readonly TimeSpan ForgivenWait = TimeSpan.FromMicroseconds(20);
}
