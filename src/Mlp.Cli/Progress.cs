using System.Collections.Immutable;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Mlp.Cli;

/// <summary>What training left behind for the report: the end-of-epoch points, and whether Ctrl-C stopped it.</summary>
public sealed record ProgressOutcome(ImmutableArray<EpochPoint> History, bool Cancelled);

/// <summary>
/// Draws training progress from the trainer's lazy sequence. On a terminal: a live bar over the
/// epochs (batch, loss, accuracy, learning rate, time left), redrawn at most ten times a second,
/// and above it a kept line per finished epoch, as Keras leaves them (past
/// <see cref="KeptLines"/> epochs, every k-th, and it says so). Redirected: one plain line per
/// epoch. The time left is projected from the epochs after the first (<see cref="EpochPoint.EpochTime"/>),
/// so it shows from the second epoch on.
/// Ctrl-C (<see cref="Terminal.Cancel"/>) is checked before each next point is pulled, so the run
/// stops after the current batch and the sequence is disposed.
/// </summary>
public static class Progress
{
    /// <summary>The most epoch lines kept above the live bar: a longer run keeps every k-th, k = ⌈epochs / 50⌉.</summary>
    public const int KeptLines = 50;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Consumes <paramref name="points"/>, drawing them unless <paramref name="quiet"/>.</summary>
    public static ProgressOutcome Run(IEnumerable<EpochPoint> points, Terminal terminal, bool quiet = false)
    {
        var history = ImmutableArray.CreateBuilder<EpochPoint>();
        var announced = false;
        TimeSpan? Left(EpochPoint p) => EpochPoint.EpochTime(history, p) is { } t ? p.Remaining(t) : null;
        if (quiet || !terminal.Interactive)
        {
            Pull(points, terminal.Cancel, p =>
            {
                if (!p.EndOfEpoch) return;
                history.Add(p);
                if (!quiet) terminal.Out.WriteLine(Line(p, Left(p)));
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
                    if (!announced && Every(p.Epochs) > 1)
                        Keep(terminal, $"one line every {Every(p.Epochs)} epochs of {p.Epochs}");
                    announced = true;
                    // Mid-epoch points have no validation yet: show the last epoch's meanwhile.
                    var seen = history.Count > 0 ? history[^1] : null;
                    last = p with
                    {
                        ValidationLoss = p.ValidationLoss ?? seen?.ValidationLoss,
                        ValidationAccuracy = p.ValidationAccuracy ?? seen?.ValidationAccuracy,
                    };
                    if (p.EndOfEpoch)
                    {
                        history.Add(p);
                        if (p.Epoch % Every(p.Epochs) == 0 || p.Epoch == 1 || p.Epoch == p.Epochs) Keep(terminal, Line(p, Left(p)));
                    }
                    else if (clock.Elapsed - drawn < Redraw) return;
                    drawn = clock.Elapsed;
                    ctx.UpdateTarget(Live(last, Left(last), columns: terminal.Console.Profile.Width));
                    ctx.Refresh();
                });
                if (last is null) return;
                ctx.UpdateTarget(Live(last, Left(last), columns: terminal.Console.Profile.Width));
                ctx.Refresh();
            });
        }
        var cancelled = terminal.Cancel.IsCancellationRequested;
        if (cancelled && !quiet)
            terminal.Out.WriteLine($"stopped by Ctrl-C after {history.Count} complete epoch(s)");
        return new ProgressOutcome(history.ToImmutable(), cancelled);
    }

    // Keep every k-th epoch's line so that at most KeptLines stay on the screen.
    private static int Every(int epochs) => Math.Max(1, (epochs + KeptLines - 1) / KeptLines);

    // A line written above the live bar (Spectre redraws the bar under it), folded at the width between its parts.
    // Spectre moves the cursor up over the bar without erasing it, so each line is padded to the full
    // width: else what the bar held past the line's end stays on the screen.
    private static void Keep(Terminal terminal, string line)
    {
        var width = terminal.Console.Profile.Width;
        terminal.Console.Write(new Text(string.Concat(Fold(line, width).Split('\n').Select(l => l.PadRight(width) + "\n"))));
    }

    /// <summary>
    /// <paramref name="line"/> folded to <paramref name="width"/> columns between its parts (they are
    /// separated by two spaces), each further line indented by two: a number is never split.
    /// </summary>
    public static string Fold(string line, int width)
    {
        var folded = new System.Text.StringBuilder();
        var used = 0;
        foreach (var part in line.Split("  "))
        {
            if (used > 0 && used + 2 + part.Length > width)
            {
                folded.Append("\n  ");
                used = 2;
            }
            else if (used > 0)
            {
                folded.Append("  ");
                used += 2;
            }
            folded.Append(part);
            used += part.Length;
        }
        return folded.ToString();
    }

    /// <summary>
    /// The plain line of an epoch: <c>epoch  3/100  loss 0.4123  acc 0.912  val_loss …  lr 1.00e-02  1.2s  eta 38s</c>
    /// (the time left when it is known: <paramref name="remaining"/>).
    /// </summary>
    public static string Line(EpochPoint p, TimeSpan? remaining = null)
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
        if (p.Epoch < p.Epochs && remaining is { } left) parts.Add($"eta {Time(left)}");
        return string.Join("  ", parts);
    }

    // At most ten redraws a second: a batch can take microseconds.
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The live display: a bar over the whole run with the batch and time left (<paramref name="remaining"/>,
    /// when known), then the metrics; folded between its parts to <paramref name="columns"/>.
    /// </summary>
    public static Rows Live(EpochPoint p, TimeSpan? remaining = null, int width = 30, int columns = int.MaxValue)
    {
        var filled = (int)Math.Round(p.Done * width);
        var bar = new string('━', filled) + new string('─', width - filled);
        var head = $"epoch {p.Epoch}/{p.Epochs}  batch {p.Batch}/{p.Batches}  ";
        var tail = $"{(100 * p.Done).ToString("0", Inv)}%  {Time(p.Elapsed)}" + (p.Done < 1 && remaining is { } left ? $"  eta {Time(left)}" : "");
        var metrics = new List<string> { $"loss {Num(p.TrainLoss)}" };
        if (p.TrainAccuracy is { } acc) metrics.Add($"acc {acc.ToString("0.000", Inv)}");
        if (p.ValidationLoss is { } vl) metrics.Add($"val_loss {Num(vl)}");
        if (p.ValidationAccuracy is { } va) metrics.Add($"val_acc {va.ToString("0.000", Inv)}");
        metrics.Add($"lr {p.LearningRate.ToString("0.00e+00", Inv)}");
        var oneLine = head.Length + width + 2 + tail.Length <= columns;
        var rows = new List<IRenderable>
        {
            new Markup($"{Markup.Escape(head)}[green]{bar[..filled]}[/][grey]{bar[filled..]}[/]{(oneLine ? "  " + Markup.Escape(tail) : "")}"),
        };
        if (!oneLine) rows.Add(new Text(Fold(tail, columns)));
        rows.Add(new Text(Fold(string.Join("  ", metrics), columns)));
        return new Rows(rows);
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
