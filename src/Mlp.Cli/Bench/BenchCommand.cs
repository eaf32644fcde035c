using System.CommandLine;
using System.Globalization;
using Mlp.Tensors;
using Spectre.Console;

namespace Mlp.Cli.Bench;

/// <summary>
/// <c>mlp bench</c>: training and inference throughput and GEMM speed on the workloads of
/// shared/bench/README.md, timed as the TorchSharp peer times them, so the two programs can be
/// run alternately and their medians divided. <c>--raw</c> prints the peer's
/// <c>RESULT mlp WORKLOAD UNIT v1 … v5</c> lines.
/// </summary>
public static class BenchCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The threads <c>mlp bench</c> uses unless told (the peer's <c>BENCH_THREADS</c> default).</summary>
    public const int DefaultThreads = 2;

    /// <summary>The <c>bench</c> command; the defaults its help shows are those it uses (<see cref="Timing"/>'s and <see cref="DefaultThreads"/>).</summary>
    public static Command Create(Terminal terminal)
    {
        var d = new Timing();
        var raw = new System.CommandLine.Option<bool>("--raw") { Description = "print RESULT lines like the TorchSharp peer's" };
        var only = new System.CommandLine.Option<string>("--only") { HelpName = "a,c,infer1", Description = $"run a subset of: {string.Join(",", Workloads.Groups)}" };
        var threads = new System.CommandLine.Option<string>("--threads") { HelpName = "N", Description = $"threads for the matrix products [default: {DefaultThreads}]" };
        var seconds = new System.CommandLine.Option<string>("--seconds") { HelpName = "S", Description = $"length of each timed repeat in seconds [default: {Num(d.RepeatSeconds)}]" };
        var quiet = new System.CommandLine.Option<string>("--quiet-cores") { HelpName = "X", Description = $"before each repeat, wait (≤ 30 s) until other processes use fewer cores than this; 0 never waits [default: {Num(d.QuietCores)}]" };
        var command = new Command("bench", "training and inference throughput") { raw, only, threads, seconds, quiet };
        command.SetAction(parse =>
        {
            var problems = new List<string>();
            var groups = (parse.GetValue(only) ?? string.Join(",", Workloads.Groups)).Split(',', StringSplitOptions.TrimEntries);
            foreach (var g in groups.Where(g => !Workloads.Groups.Contains(g)))
                problems.Add($"--only: unknown workload \"{g}\"; expected some of {string.Join(",", Workloads.Groups)}");
            var n = DefaultThreads;
            if (parse.GetValue(threads) is { } t && (!int.TryParse(t, NumberStyles.Integer, Inv, out n) || n < 1 || n > 256))
                problems.Add($"--threads: expected a whole number from 1 to 256, got \"{t}\"");
            var repeat = d.RepeatSeconds;
            if (parse.GetValue(seconds) is { } s && (!double.TryParse(s, NumberStyles.Float, Inv, out repeat) || !(repeat > 0) || repeat > 60))
                problems.Add($"--seconds: expected a number of seconds in (0, 60], got \"{s}\"");
            var cores = d.QuietCores;
            if (parse.GetValue(quiet) is { } q && (!double.TryParse(q, NumberStyles.Float, Inv, out cores) || !(cores >= 0)))
                problems.Add($"--quiet-cores: expected a number of cores ≥ 0, got \"{q}\"");
            if (problems.Count > 0) return Cli.UsageErrors(terminal, problems, "mlp bench");
            return Run(terminal, groups, n, d with { RepeatSeconds = repeat, WarmupSeconds = Math.Min(d.WarmupSeconds, repeat), QuietCores = cores },
                parse.GetValue(raw));
        });
        return command;
    }

    private static string Num(double v) => v.ToString(Inv);

    /// <summary>Runs the chosen workloads and prints a table (or RESULT lines).</summary>
    public static int Run(Terminal terminal, IReadOnlyList<string> groups, int threads, Timing timing, bool raw)
    {
        Measure(terminal, groups, new Parallelism(threads), timing, raw);
        return Cli.Ok;
    }

    private static void Measure(Terminal terminal, IReadOnlyList<string> groups, Parallelism parallelism, Timing timing, bool raw)
    {
        terminal.Out.WriteLine($"# mlp threads={parallelism.Threads} .NET {Environment.Version} avx2={System.Runtime.Intrinsics.X86.Avx2.IsSupported} avx512={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        var table = new Table().AddColumns("workload", "unit", "median", "min", "max", "alloc/call", "what");
        foreach (var column in table.Columns.Skip(2).Take(4)) column.RightAligned();
        if (groups.Contains("load")) Load(terminal, table, timing, raw); // first: its peak memory is then its own
        // One prepared step per workload, shared by its units (infer has two figures from one timing).
        foreach (var byName in Workloads.All.Where(w => groups.Any(g => Workloads.InGroup(w, g))).GroupBy(w => w.Name))
        {
            var first = byName.First();
            var timed = timing.Run(first.Prepare(parallelism));
            foreach (var w in byName)
            {
                var figures = timed.SecondsPerCall.Select(w.Figure).ToArray();
                var sorted = figures.Order().ToArray();
                if (raw) terminal.Out.WriteLine($"RESULT mlp {w.Name} {w.Unit} {string.Join(" ", figures.Select(f => f.ToString("G6", Inv)))}");
                Report.AddTextRow(table, w.Name, w.Unit, Number(sorted[sorted.Length / 2]), Number(sorted[0]), Number(sorted[^1]),
                    $"{timed.BytesPerCall:0} B", w.Description);
            }
        }
        if (!raw) terminal.Console.Write(table);
    }

    private static void Load(Terminal terminal, Table table, Timing timing, bool raw)
    {
        var f = LoadWorkload.Run(timing.Repeats);
        var sorted = f.MegabytesPerSecond.Order().ToArray();
        var above = f.PeakMegabytes - f.StartMegabytes;
        if (raw)
        {
            terminal.Out.WriteLine($"RESULT mlp load MB/s {string.Join(" ", f.MegabytesPerSecond.Select(v => v.ToString("G6", Inv)))}");
            terminal.Out.WriteLine($"RESULT mlp load MB_peak {above.ToString("G6", Inv)}");
        }
        Report.AddTextRow(table, "load", "MB/s", Number(sorted[sorted.Length / 2]), Number(sorted[0]), Number(sorted[^1]), $"{f.BytesPerCall:0} B",
            $"CsvFile.LoadTable<float>, {LoadWorkload.Rows:N0} × {LoadWorkload.Columns} numbers ({f.FileMegabytes:0} MB); the first, cold call {Number(f.FirstMegabytesPerSecond)} MB/s");
        Report.AddTextRow(table, "load", "MB peak", Number(above), "", "", "",
            $"the first call's peak resident memory above the {f.StartMegabytes:0} MB before it (float32 data: {LoadWorkload.Rows * (LoadWorkload.Columns - 1) * 4 / 1e6:0} MB)");
    }

    private static string Number(double x) => x >= 1000 ? x.ToString("N0", Inv) : x.ToString("G4", Inv);
}
