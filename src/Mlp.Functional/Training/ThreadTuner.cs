namespace Mlp.Training;

/// <summary>
/// Chooses, by timing, whether the trainer's steps run their products on all threads or on
/// the calling thread alone. On this project's 2-vCPU machine two threads were sometimes, for
/// seconds at a time, slower than one (workload b: 24,000 samples/s on two threads against
/// 44,000 on one): the second vCPU was then no core of its own. Every so often a few steps run
/// the other way, and the faster way is kept. The thread count never changes a result, so this
/// only moves time.
/// </summary>
/// <remarks>A plain state machine over step times: no clock, no threads (tests feed it times).</remarks>
internal sealed class ThreadTuner
{
    /// <summary>Steps between two trials of the other way.</summary>
    internal const int Period = 256;

    /// <summary>Steps in a trial.</summary>
    internal const int Trial = 4;

    /// <summary>The other way must be at least this much faster (by the medians) to be kept.</summary>
    internal const double Margin = 0.85;

    private readonly Queue<double> recent = new();   // the last step times of the current way
    private readonly List<double> trial = new(Trial);
    private int sinceTrial;

    /// <summary>Whether the steps run alone (on the calling thread) now.</summary>
    internal bool Alone { get; private set; }

    /// <summary>Whether the next step is part of a trial (it runs the other way).</summary>
    internal bool Trying => sinceTrial >= Period;

    /// <summary>Whether the next step should run alone.</summary>
    internal bool NextAlone => Trying ? !Alone : Alone;

    /// <summary>Records the time of the step just run (the way <see cref="NextAlone"/> said).</summary>
    internal void Record(double seconds)
    {
        if (!Trying)
        {
            recent.Enqueue(seconds);
            if (recent.Count > 16) recent.Dequeue();
            sinceTrial++;
            return;
        }
        trial.Add(seconds);
        if (trial.Count < Trial) return;
        if (Median(trial) < Margin * Median(recent))
        {
            Alone = !Alone;
            recent.Clear();
            foreach (var t in trial) recent.Enqueue(t);
        }
        trial.Clear();
        sinceTrial = 0;
    }

    private static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length == 0 ? double.PositiveInfinity : sorted[sorted.Length / 2];
    }
}
