using System.Text.RegularExpressions;
using Mlp.Cli;
using Mlp.Data;
using Mlp.Io;
using Mlp.Training;
using ScottPlot;
using ScottPlot.Panels;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// What stays on the screen while training (a line per epoch above the bar, a time left measured
/// after the warm-up) and what the pictures show (whole epochs, legends off the data, the test
/// curve, the columns' names).
/// </summary>
public class CliHistoryAndCurves
{
    // `epochs` epochs of 4 batches: the first takes 10 s (JIT compilation), each later one 1 s.
    private static IEnumerable<EpochPoint> Slow_first(int epochs)
    {
        for (var e = 1; e <= epochs; e++)
            for (var b = 1; b <= 4; b++)
            {
                var seconds = e == 1 ? 2.5 * b : 10 + (e - 2) + 0.25 * b;
                yield return new EpochPoint(e, epochs, b, 4, 1.0 / e, 0.5, b == 4 ? 1.1 / e : null, b == 4 ? 0.6 : null, 0.01,
                    TimeSpan.FromSeconds(seconds));
            }
    }

    [Fact]
    public void The_time_left_is_measured_after_the_first_epoch()
    {
        var points = Slow_first(5).ToList();
        var ends = points.Where(p => p.EndOfEpoch).ToList();
        Assert.Null(EpochPoint.EpochTime([], points[1]));              // nothing measured yet
        Assert.Null(EpochPoint.EpochTime(ends[..1], ends[0]));          // the first epoch alone is warm-up
        Assert.Equal(TimeSpan.FromSeconds(1), EpochPoint.EpochTime(ends[..1], points[5])); // 2 of epoch 2's 4 batches in 0.5 s
        Assert.Equal(TimeSpan.FromSeconds(3.5), points[5].Remaining(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), EpochPoint.EpochTime(ends[..3], ends[2]));

        using var o = new StringWriter();
        Progress.Run(points, Terminal.Plain(o, TextWriter.Null));
        var lines = o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain("eta", lines[0]);
        Assert.EndsWith("11s  eta 3.0s", lines[1]); // 3 epochs of 1 s, not 11 s × 3/2 = 16.5 s
    }

    private static string Interactive(IEnumerable<EpochPoint> points, int width = 160)
    {
        using var o = new StringWriter();
        var terminal = new Terminal(o, TextWriter.Null, true, CancellationToken.None);
        terminal.Console.Profile.Width = width;
        Progress.Run(points, terminal);
        return o.ToString();
    }

    private static IEnumerable<EpochPoint> Epochs(int epochs) => Slow_first(epochs).Where(p => p.EndOfEpoch || p.Batch == 2);

    [Fact]
    public void On_a_terminal_each_epoch_leaves_a_line_above_the_bar()
    {
        var text = Interactive(Epochs(50));
        var kept = Regex.Matches(text, @"epoch +(\d+)/50  loss").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, 50), kept);
        Assert.DoesNotContain("one line every", text);
    }

    [Fact]
    public void Past_50_epochs_every_kth_line_is_kept_and_it_says_so()
    {
        var text = Interactive(Epochs(101));
        Assert.Contains("one line every 3 epochs of 101", text);
        var kept = Regex.Matches(text, @"epoch +(\d+)/101  loss").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal([1, .. Enumerable.Range(1, 33).Select(k => 3 * k), 101], kept);
    }

    [Fact]
    public void Lines_fold_between_their_parts_never_inside_a_number()
    {
        const string line = "epoch  7/120  loss 0.4123  acc 0.912  val_loss 0.3301  val_acc 0.933  lr 1.00e-02  1.2s  eta 38s";
        Assert.Equal("epoch  7/120  loss 0.4123  acc 0.912  val_loss 0.3301\n  val_acc 0.933  lr 1.00e-02  1.2s  eta 38s",
            Progress.Fold(line.Replace("epoch  7", "epoch 7"), 60).Replace("epoch 7", "epoch  7"));
        Assert.Equal(line, Progress.Fold(line, 160));
        var narrow = Regex.Replace(Interactive(Epochs(3), width: 40), @"\x1b\[[0-9;?]*[A-Za-z]", ""); // as the screen shows it
        Assert.All(narrow.Split('\n', '\r'), l => Assert.True(l.TrimEnd().Length <= 40, l));
        Assert.Contains("\n  lr 1.00e-02", narrow);
    }

    [Fact]
    public void Epoch_ticks_are_whole_numbers_and_the_legends_sit_beside_the_data()
    {
        var plots = Plots.CurvePlots([.. Slow_first(3).Where(p => p.EndOfEpoch)]);
        Assert.Equal(2, plots.Count);
        foreach (var plot in plots)
        {
            plot.GetImageBytes(900, 400, ImageFormat.Png);
            var ticks = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToList();
            Assert.Equal([1.0, 2.0, 3.0], ticks);
            Assert.False(plot.Legend.IsVisible); // no legend inside the data area…
            Assert.Contains(plot.Axes.GetPanels(), p => p is LegendPanel); // …but one beside it
        }
    }

    [Fact]
    public void Decision_regions_name_their_axes_after_the_columns()
    {
        var points = Tensors.Matrix<double>.FromRows([0.0, 1.0], [1.0, 0.0]);
        var plot = Plots.BoundaryPlot(g => new int[g.Rows], points, [0, 1], ["a", "b"], ["petal_length", "petal_width"], 10);
        Assert.Equal(("petal_length", "petal_width"), (plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text));
        Assert.False(plot.Legend.IsVisible);
    }

    [Fact]
    public void A_run_with_only_a_test_set_draws_the_test_curve_without_steering_training()
    {
        using var dir = new TempDir();
        var (train, test) = Split.TrainTest(BuiltIn.Iris<float>(), 0.3, seed: 5);
        File.WriteAllText(dir.File("train.csv"), Csv.Write(train));
        File.WriteAllText(dir.File("test.csv"), Csv.Write(test));
        string[] args = ["--data", dir.File("train.csv"), "--test", dir.File("test.csv"), "--validation", "0", "--epochs", "4", "--hidden", "6"];
        var r = CliRun.Invoke(["train", .. args, "--plot", dir.File("curves.png"), "--out", dir.File("m.json"), "--quiet"]);
        Assert.True(r.Code == 0, r.Err);

        // The same run in memory: each epoch's test scores from the library, and the picture they make.
        var plan = CliLibrary.Plan(args);
        var points = EpochPoint.Of(plan.Run(), plan.Config.Epochs, _ => { }, new System.Diagnostics.Stopwatch(),
            net => Trainer.Evaluate(net, plan.Test!, plan.Loss)).ToList();
        Assert.All(points, p => Assert.NotNull(p.TestLoss));
        Assert.Equal(Plots.Curves(points), File.ReadAllBytes(dir.File("curves.png")));
        Assert.NotEqual(Plots.Curves([.. points.Select(p => p with { TestLoss = null, TestAccuracy = null })]),
            File.ReadAllBytes(dir.File("curves.png")));
        // Scoring the test rows changed nothing the trainer did.
        Assert.Equal(Trainer.EpochsOf(plan.Run()).Last().Network, ModelFile.Load<float>(dir.File("m.json")).Match(m => m.Network, e => throw new Exception(e.Message)));
    }
}
