using System.Collections.Immutable;
using System.Diagnostics;

namespace Mlp.Cli.Bench;

/// <summary>Seconds per call of each timed repeat, and bytes allocated per call.</summary>
public sealed record Timed(ImmutableArray<double> SecondsPerCall, double BytesPerCall);

/// <summary>
/// The peer's timing method (shared/bench/torchsharp/Program.cs), so the two programs' figures
/// compare: a warm-up of at least 1 s and 20 calls, a 0.3 s calibration, then five repeats of
/// about <see cref="RepeatSeconds"/> each, each after waiting (at most 30 s) for the rest of the
/// machine to go quiet.
/// </summary>
public sealed record Timing(double RepeatSeconds = 1.0, int Repeats = 5, double WarmupSeconds = 1.0, double QuietCores = 0.15)
{
    /// <summary>Times <paramref name="step"/>.</summary>
    public Timed Run(Action step)
    {
        var clock = Stopwatch.StartNew();
        for (var n = 0; clock.Elapsed.TotalSeconds < WarmupSeconds || n < 20; n++) step();
        clock.Restart();
        var m = 0;
        while (clock.Elapsed.TotalSeconds < Math.Min(0.3, WarmupSeconds) || m < 5) { step(); m++; }
        var calls = Math.Max(1, (int)(RepeatSeconds / (clock.Elapsed.TotalSeconds / m)));
        var seconds = new double[Repeats];
        long allocated = 0;
        for (var r = 0; r < Repeats; r++)
        {
            WaitQuiet();
            step(); // warm again after the pause
            var before = GC.GetTotalAllocatedBytes(precise: false);
            clock.Restart();
            for (var i = 0; i < calls; i++) step();
            seconds[r] = clock.Elapsed.TotalSeconds / calls;
            allocated += GC.GetTotalAllocatedBytes(precise: false) - before;
        }
        return new Timed([.. seconds], (double)allocated / (calls * Repeats));
    }

    // Other processes' load, in cores, from /proc/stat (as the peer measures it).
    private void WaitQuiet()
    {
        if (QuietCores <= 0 || !File.Exists("/proc/stat")) return;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 30)
        {
            var (b0, own0) = (Busy(), Own());
            Thread.Sleep(250);
            var load = (Busy() - b0 - (Own() - own0)) / 0.25;
            if (load < QuietCores) return;
        }
    }

    private static double Busy()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (f.Sum() - f[3] - f[4]) / 100.0; // USER_HZ = 100 on Linux x86-64
    }

    private static double Own() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
