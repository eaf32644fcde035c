using System.Collections.Immutable;
using Mlp.Cli;
using Mlp.Pipeline;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>Progress lines, result tables and PNG pictures, from made-up training points.</summary>
public class CliProgressAndPlots
{
    // A run of `epochs` epochs of 4 batches, each batch reported, the loss falling as 1/epoch.
    private static IEnumerable<EpochPoint> Points(int epochs, Action<EpochPoint>? onYield = null)
    {
        for (var e = 1; e <= epochs; e++)
            for (var b = 1; b <= 4; b++)
            {
                var last = b == 4;
                var p = new EpochPoint(e, epochs, b, 4, 1.0 / e, 0.5 + 0.04 * e, last ? 1.2 / e : null,
                    last ? 0.45 + 0.04 * e : null, 0.01, TimeSpan.FromSeconds(0.1 * (4 * (e - 1) + b)));
                onYield?.Invoke(p);
                yield return p;
            }
    }

    [Fact]
    public void Redirected_output_gets_one_plain_line_per_epoch()
    {
        using var o = new StringWriter();
        var outcome = Progress.Run(Points(5), Terminal.Plain(o, TextWriter.Null));
        var lines = o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Equal(5, outcome.History.Length);
        Assert.False(outcome.Cancelled);
        Assert.StartsWith("epoch 1/5  loss 1.0000  acc 0.540  val_loss 1.2000  val_acc 0.490  lr 1.00e-02", lines[0]);
        Assert.DoesNotContain("eta", lines[0]); // the first epoch is warm-up: the time left is measured after it
        Assert.Contains("eta", lines[1]);
        Assert.StartsWith("epoch 5/5  loss 0.2000", lines[4]);
    }

    [Fact]
    public void Ctrl_c_stops_after_the_current_batch()
    {
        using var cancel = new CancellationTokenSource();
        var pulled = 0;
        using var o = new StringWriter();
        var points = Points(10, p => { pulled++; if (p is { Epoch: 3, Batch: 2 }) cancel.Cancel(); });
        var outcome = Progress.Run(points, new Terminal(o, TextWriter.Null, false, cancel.Token));
        Assert.True(outcome.Cancelled);
        Assert.Equal(2, outcome.History.Length);         // epochs 1 and 2 were complete
        Assert.Equal(4 + 4 + 2, pulled);                  // nothing was pulled after the cancelled batch
        Assert.Contains("stopped by Ctrl-C after 2 complete epoch(s)", o.ToString());
    }

    [Fact]
    public void The_live_bar_consumes_every_point()
    {
        using var o = new StringWriter();
        var outcome = Progress.Run(Points(3), new Terminal(o, TextWriter.Null, true, CancellationToken.None));
        Assert.Equal(3, outcome.History.Length);
        Assert.Contains("epoch 3/3", o.ToString());
    }

    [Fact]
    public void Quiet_prints_nothing_but_keeps_the_history()
    {
        using var o = new StringWriter();
        Assert.Equal(4, Progress.Run(Points(4), Terminal.Plain(o, TextWriter.Null), quiet: true).History.Length);
        Assert.Equal("", o.ToString());
    }

    [Fact]
    public void Results_and_confusion_tables()
    {
        using var o = new StringWriter();
        var terminal = Terminal.Plain(o, TextWriter.Null);
        SplitScore Classes(string split, double loss, double accuracy) => new(split, new Evaluation(10, loss,
            new ClassificationScores(accuracy, 0, 10, [], 0, 0, 0, Metrics.Confusion([], [], 2)), null));
        var regression = new SplitScore("test", new Evaluation(10, 0.25, null, null));
        Report.Results(terminal, new RunResult([Classes("train", 0.0712, 0.983), Classes("validation", 0.1034, 0.967), regression],
            TimeSpan.FromSeconds(1.24), 100, "/tmp/iris.json", null));
        int[] actual = [0, 0, 1, 1, 1, 2, 2, 2, 2];
        int[] predicted = [0, 0, 1, 2, 1, 2, 2, 2, 0];
        var counts = Metrics.Confusion(actual, predicted, 3);
        Assert.Equal([2, 0, 0, 0, 2, 1, 1, 0, 3], counts.Counts.ToArray());
        Assert.Equal(1, counts[2, 0]);
        Report.Confusion(terminal, ["setosa", "versicolor", "virginica"], counts);
        var text = o.ToString();
        foreach (var s in new[] { "0.0712", "0.983", "0.1034", "0.967", "test", "0.2500", "1.2s", "/tmp/iris.json", "versicolor", "actual \\ predicted" })
            Assert.Contains(s, text);
    }

    private static void AssertPng(byte[] bytes, long minBytes)
    {
        Assert.True(bytes.Length > minBytes, $"the picture is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
    }

    [Fact]
    public void Learning_curves_are_a_png()
    {
        using var dir = new TempDir();
        var history = Progress.Run(Points(30), Terminal.Plain(TextWriter.Null, TextWriter.Null)).History;
        AssertPng(Plots.Curves(history), 10_000);
    }

    [Fact]
    public void Decision_regions_are_a_png()
    {
        using var dir = new TempDir();
        // XOR's four corners, a few times each, and the XOR rule as the "network".
        var rows = Enumerable.Range(0, 12).Select(i => new[] { (double)(i & 1), (double)((i >> 1) & 1) }).ToArray();
        var points = Matrix<double>.FromRows(rows);
        var labels = rows.Select(r => (int)r[0] ^ (int)r[1]).ToArray();
        var calls = 0;
        IReadOnlyList<int> Classify(Matrix<double> grid)
        {
            calls++;
            return Enumerable.Range(0, grid.Rows).Select(i => (grid[i, 0] > 0.5) ^ (grid[i, 1] > 0.5) ? 1 : 0).ToArray();
        }
        AssertPng(Plots.Boundary(Classify, points, labels, ["0", "1"]), 10_000);
        Assert.Equal(1, calls); // the whole grid in one batch
    }
}
