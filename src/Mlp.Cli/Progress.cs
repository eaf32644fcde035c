using System.Collections.Immutable;
using System.Globalization;
using Spectre.Console;

namespace Mlp.Cli;

/// <summary>What training left behind for the report: the end-of-epoch points, and whether Ctrl-C stopped it.</summary>
public sealed record ProgressOutcome(ImmutableArray<EpochPoint> History, bool Cancelled);

/// <summary>
/// Draws training progress from the trainer's lazy sequence: on a terminal a live bar over the
/// epochs (batch, loss, accuracy, learning rate, time left), redrawn at most ten times a second;
/// redirected, one plain line per epoch. Ctrl-C (<see cref="Terminal.Cancel"/>) is checked before each next point is pulled,
/// so the run stops after the current batch and the sequence is disposed.
/// </summary>
public static class Progress
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Consumes <paramref name="points"/>, drawing them unless <paramref name="quiet"/>.</summary>
    public static ProgressOutcome Run(IEnumerable<EpochPoint> points, Terminal terminal, bool quiet = false)
    {
        var history = ImmutableArray.CreateBuilder<EpochPoint>();
        if (quiet || !terminal.Interactive)
        {
            Pull(points, terminal.Cancel, p =>
            {
                if (!p.EndOfEpoch) return;
                history.Add(p);
                if (!quiet) terminal.Out.WriteLine(Line(p));
            });
        }
        else
        {
            // Two live lines (bar, then metrics) so a narrow terminal squeezes neither.
            terminal.Console.Live(new Text("")).AutoClear(false).Start(ctx =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                TimeSpan? drawn = null;
                EpochPoint? last = null;
                Pull(points, terminal.Cancel, p =>
                {
                    // Mid-epoch points have no validation yet: show the last epoch's meanwhile.
                    var seen = history.Count > 0 ? history[^1] : null;
                    last = p with
                    {
                        ValidationLoss = p.ValidationLoss ?? seen?.ValidationLoss,
                        ValidationAccuracy = p.ValidationAccuracy ?? seen?.ValidationAccuracy,
                    };
                    if (p.EndOfEpoch) history.Add(p);
                    if (clock.Elapsed - drawn < Redraw) return;
                    drawn = clock.Elapsed;
                    ctx.UpdateTarget(Live(last));
                    ctx.Refresh();
                });
                if (last is null) return;
                ctx.UpdateTarget(Live(last));
                ctx.Refresh();
            });
        }
        var cancelled = terminal.Cancel.IsCancellationRequested;
        if (cancelled && !quiet)
            terminal.Out.WriteLine($"stopped by Ctrl-C after {history.Count} complete epoch(s)");
        return new ProgressOutcome(history.ToImmutable(), cancelled);
    }

    /// <summary>The plain line of an epoch: <c>epoch  3/100  loss 0.4123  acc 0.912  val_loss …  lr 1.00e-02  1.2s  eta 38s</c>.</summary>
    public static string Line(EpochPoint p)
    {
        var width = p.Epochs.ToString(Inv).Length;
        var parts = new List<string>
        {
            $"epoch {p.Epoch.ToString(Inv).PadLeft(width)}/{p.Epochs}",
            $"loss {Num(p.TrainLoss)}",
        };
        if (p.TrainAccuracy is { } acc) parts.Add($"acc {acc.ToString("0.000", Inv)}");
        if (p.ValidationLoss is { } vl) parts.Add($"val_loss {Num(vl)}");
        if (p.ValidationAccuracy is { } va) parts.Add($"val_acc {va.ToString("0.000", Inv)}");
        parts.Add($"lr {p.LearningRate.ToString("0.00e+00", Inv)}");
        parts.Add(Time(p.Elapsed));
        if (p.Epoch < p.Epochs) parts.Add($"eta {Time(p.Remaining)}");
        return string.Join("  ", parts);
    }

    // At most ten redraws a second: a batch can take microseconds.
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(100);

    /// <summary>The live display: a bar over the whole run with the batch and time left, then the metrics.</summary>
    public static Rows Live(EpochPoint p, int width = 30)
    {
        var filled = (int)Math.Round(p.Done * width);
        var bar = new string('━', filled) + new string('─', width - filled);
        var head = $"epoch {p.Epoch}/{p.Epochs}  batch {p.Batch}/{p.Batches}  ";
        var tail = $"  {(100 * p.Done).ToString("0", Inv)}%  {Time(p.Elapsed)}" + (p.Done < 1 ? $"  eta {Time(p.Remaining)}" : "");
        var metrics = new List<string> { $"loss {Num(p.TrainLoss)}" };
        if (p.TrainAccuracy is { } acc) metrics.Add($"acc {acc.ToString("0.000", Inv)}");
        if (p.ValidationLoss is { } vl) metrics.Add($"val_loss {Num(vl)}");
        if (p.ValidationAccuracy is { } va) metrics.Add($"val_acc {va.ToString("0.000", Inv)}");
        metrics.Add($"lr {p.LearningRate.ToString("0.00e+00", Inv)}");
        return new Rows(
            new Markup($"{Markup.Escape(head)}[green]{bar[..filled]}[/][grey]{bar[filled..]}[/]{Markup.Escape(tail)}"),
            new Text(string.Join("  ", metrics)));
    }

    private static void Pull(IEnumerable<EpochPoint> points, CancellationToken cancel, Action<EpochPoint> draw)
    {
        using var e = points.GetEnumerator();
        while (!cancel.IsCancellationRequested && e.MoveNext()) draw(e.Current);
    }

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("0.0000", Inv) : v.ToString(Inv);

    /// <summary>A duration the way people read it: <c>0.4s</c>, <c>38s</c>, <c>2m05s</c>, <c>1h02m</c>.</summary>
    public static string Time(TimeSpan t) =>
        t.TotalSeconds < 10 ? $"{t.TotalSeconds.ToString("0.0", Inv)}s"
        : t.TotalMinutes < 1 ? $"{(int)t.TotalSeconds}s"
        : t.TotalHours < 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
        : $"{(int)t.TotalHours}h{t.Minutes:00}m";
}
