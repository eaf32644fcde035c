namespace Mlp.Tensors;

/// <summary>
/// How a computation may run: on how many threads, and whose helper threads it borrows for the
/// ones beyond the caller's. An immutable setting passed in (in <c>TrainConfig</c> and to the
/// prediction calls), never a process-wide setting; only the default pool of helper threads,
/// <see cref="WorkerPool.Shared"/>, is shared, and a caller may give its own. No result depends
/// on it: products share out only tiles of their output, never a sum, so every setting gives the
/// same bits.
/// </summary>
public sealed record Parallelism
{
    /// <summary>The most threads one product may use, the caller's included (≥ 1).</summary>
    public int Threads { get; }

    /// <summary>The helper threads lent to products (<see cref="WorkerPool.Shared"/> unless given).</summary>
    public WorkerPool Helpers { get; }

    /// <summary>A setting of <paramref name="threads"/> threads, with helpers from <paramref name="helpers"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public Parallelism(int threads, WorkerPool? helpers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        (Threads, Helpers) = (threads, helpers ?? WorkerPool.Shared);
    }

    /// <summary>Every core of the machine, helpers from the shared pool (the default everywhere).</summary>
    public static Parallelism Default { get; } = new(Environment.ProcessorCount);

    /// <summary>The calling thread alone.</summary>
    public static Parallelism Sequential { get; } = new(1);

    /// <summary>The same helpers, another thread count.</summary>
    public Parallelism WithThreads(int threads) => threads == Threads ? this : new(threads, Helpers);

    /// <summary>The thread count, for logs.</summary>
    public override string ToString() => $"Parallelism {{ Threads = {Threads} }}";
}
