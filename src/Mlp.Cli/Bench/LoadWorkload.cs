using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mlp.Io;

namespace Mlp.Cli.Bench;

/// <summary>What the load workload measured: MB/s of each call (the first, cold, apart) and the first call's peak memory.</summary>
public sealed record LoadFigures(double FileMegabytes, double FirstMegabytesPerSecond, double[] MegabytesPerSecond,
    double PeakMegabytes, double StartMegabytes, double BytesPerCall);

/// <summary>
/// <c>mlp bench --only load</c> (issue 10, item 11): <c>CsvFile.LoadTable&lt;float&gt;</c> of a CSV of
/// 200,000 rows × 50 numbers (about 100 MB), generated once into the temporary folder. Speed is
/// MB of file per second; memory is the peak resident set above the process's before the first
/// load (the goal: at most twice the 40 MB of float32 data). It runs before any other workload,
/// so the peak is the load's own.
/// </summary>
public static class LoadWorkload
{
    /// <summary>Rows and columns of the generated file (49 features and an integer class).</summary>
    public const int Rows = 200_000, Columns = 50;

    /// <summary>The generated file, written (seeded, so always the same bytes) when it is not there yet.</summary>
    public static string File()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlp-bench-load-{Rows}x{Columns}.csv");
        if (System.IO.File.Exists(path)) return path;
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var random = new Random(20251201);
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write(string.Join(",", Enumerable.Range(0, Columns - 1).Select(j => $"x{j}")) + ",y\n");
            var line = new StringBuilder();
            for (var i = 0; i < Rows; i++)
            {
                line.Clear();
                for (var j = 0; j < Columns - 1; j++)
                    line.Append((random.NextDouble() * 400 - 200).ToString("F6", CultureInfo.InvariantCulture)).Append(',');
                writer.Write(line.Append(random.Next(5)).Append('\n'));
            }
        }
        System.IO.File.Move(temporary, path, overwrite: true); // whole or not at all, for the next run to reuse
        return path;
    }

    /// <summary>Loads the file once cold, measuring its peak memory, then <paramref name="repeats"/> times more.</summary>
    public static LoadFigures Run(int repeats)
    {
        var path = File();
        var megabytes = new FileInfo(path).Length / 1e6;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var start = Memory("VmRSS", p => p.WorkingSet64);
        ResetPeak();
        var first = Seconds(path);
        var peak = Memory("VmHWM", p => p.PeakWorkingSet64);
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var seconds = Enumerable.Range(0, repeats).Select(_ => Seconds(path)).ToArray();
        var bytes = (GC.GetTotalAllocatedBytes(precise: false) - before) / (double)Math.Max(1, repeats);
        return new LoadFigures(megabytes, megabytes / first, [.. seconds.Select(s => megabytes / s)], peak, start, bytes);
    }

    private static double Seconds(string path)
    {
        var clock = Stopwatch.StartNew();
        var rows = CsvFile.LoadTable<float>(path).Match(t => t.Rows, e => throw new InvalidOperationException(e.Message));
        var elapsed = clock.Elapsed.TotalSeconds;
        if (rows != Rows) throw new InvalidOperationException($"bench: read {rows} rows of {path}, expected {Rows}");
        return elapsed;
    }

    // Linux's resident set and its high-water mark, in MB (/proc/self/status); elsewhere what .NET reports.
    private static double Memory(string field, Func<Process, long> fallback)
    {
        if (System.IO.File.Exists("/proc/self/status"))
            foreach (var line in System.IO.File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1e3;
        using var process = Process.GetCurrentProcess();
        return fallback(process) / 1e6;
    }

    // Writing 5 to clear_refs resets the high-water mark to the present resident set (Linux ≥ 4.0).
    private static void ResetPeak()
    {
        try { System.IO.File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // then the peak counts from the start
    }
}
