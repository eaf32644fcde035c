using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Mlp.Cli;
using Mlp.Pipeline;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// What a run ends with: regression scores, many classes without a matrix nobody can read (and
/// without the minute it took to draw one), and tables that fit a narrow terminal whole.
/// </summary>
public class CliReports
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void Training_on_a_regression_target_ends_with_rmse_mae_and_r2()
    {
        using var dir = new TempDir();
        var csv = dir.File("two.csv");
        File.WriteAllText(csv, CliLibrary.TwoTargets(60, seed: 3));
        string[] args = ["--data", csv, "--target", "a,b", "--hidden", "8", "--epochs", "20", "--validation", "0"];
        var r = CliRun.Invoke(["train", .. args]);
        Assert.True(r.Code == 0, r.Err);
        var (plan, net) = CliLibrary.Train(args);
        var scores = plan.Scores(net).Single().Scores.Regression!;
        string G(double v) => v.ToString("G6", Inv);
        Assert.Matches($@"│ train\s+│\s+\d+\.\d{{4}} │\s+{G(scores.Overall.Rmse)} │\s+{G(scores.Overall.Mae)} │\s+{scores.Overall.R2.ToString("0.0000", Inv)} │", r.Out);
        Assert.Contains("regression by output (training rows)", r.Out);
        foreach (var s in scores.PerOutput.Append(scores.Overall))
            Assert.Matches($@"│ {s.Output}\s+│\s+{G(s.Mse)} │\s+{G(s.Rmse)} │\s+{G(s.Mae)} │\s+{s.R2.ToString("0.0000", Inv)} │", r.Out);
        Assert.Contains("R² = 1 − Σ(y − t)²/Σ(t − mean t)²", r.Out);
        Assert.DoesNotContain("accuracy", r.Out);
    }

    // k classes, `perClass` rows each; 1, 2 or 3 rows of class c (as c mod 3 is 0, 1 or 2) predicted as c + 1.
    private static SplitScore Scored(int k, int perClass, string split = "validation")
    {
        var actual = Enumerable.Range(0, k * perClass).Select(i => i % k).ToArray();
        var predicted = actual.Select((a, i) => i / k <= a % 3 ? (a + 1) % k : a).ToArray();
        var s = Metrics.Classification(actual, predicted, [.. Enumerable.Range(0, k).Select(c => $"class{c}")]);
        return new SplitScore(split, new Evaluation(actual.Length, 0.1, s, null));
    }

    // What Report.Details prints, with runs of spaces and line breaks as one space (a title wider than its table wraps).
    private static string Details(SplitScore s)
    {
        using var o = new StringWriter();
        Report.Details(Terminal.Plain(o, TextWriter.Null), s, s.Scores.Classification!.PerClass.Select(c => c.Class).ToArray());
        return Regex.Replace(o.ToString(), @"\s+", " ");
    }

    [Fact]
    public void Past_20_classes_the_matrix_gives_way_to_per_class_F1_and_the_10_most_frequent_confusions()
    {
        var twenty = Details(Scored(20, 10));
        Assert.Contains("confusion matrix (validation rows)", twenty);
        Assert.DoesNotContain("F1 per class", twenty);

        var many = Details(Scored(21, 10));
        Assert.DoesNotContain("confusion matrix", many);
        Assert.Contains("F1 per class (validation rows; macro average", many);
        Assert.Contains("class20 0.737", many); // recall 7/10, precision 7/9 (two of class 19 taken for it)
        Assert.Contains("10 most frequent confusions (validation rows)", many);
        Assert.Equal(10, Regex.Matches(many, @"│ class\d+ │ class\d+ │ \d+ │").Count);
        Assert.Contains("│ class2 │ class3 │ 3 │ │ class5 │ class6 │ 3 │", many); // most first, then by actual class
    }

    [Fact]
    public void Two_thousand_classes_render_in_moments()
    {
        var s = Scored(2000, 10, "test");
        var clock = Stopwatch.StartNew();
        var text = Details(s);
        // Drawing the 2,000 × 2,000 matrix took 110 s and 1.7 GB; training this data takes seconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("│ class2 │ class3 │ 3 │ │ class5 │ class6 │ 3 │", text);
        Assert.Contains("class1999 0.842", text); // recall 8/10, precision 8/9
    }

    [Fact]
    public void Tables_in_60_columns_never_split_a_number()
    {
        var counts = Metrics.Confusion(
            [.. Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 1000 + 37 * c))],
            [.. Enumerable.Range(0, 10).SelectMany(c => Enumerable.Range(0, 1000 + 37 * c).Select(i => i < 900 ? c : (c + i) % 10))], 10);
        using var o = new StringWriter();
        var terminal = Terminal.Plain(o, TextWriter.Null);
        terminal.Console.Profile.Width = 60;
        Report.Confusion(terminal, [.. Enumerable.Range(0, 10).Select(c => $"{c}")], counts, "test rows");
        var text = o.ToString();
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= 60, $"{line.Length} columns: {line}"));
        Assert.Contains("confusion matrix (test rows) (part 1 of 2)", text.Replace("\n", " ").Replace("  ", " "));
        for (var i = 0; i < 10; i++)
            for (var j = 0; j < 10; j++)
                Assert.Matches($@"│ {i}\s+│(\s+\d+ │)*\s+{counts[i, j]} │", text);
    }
}
