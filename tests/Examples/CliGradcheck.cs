using System.Globalization;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// <c>mlp gradcheck</c>: a healthy network passes with a table per layer; an impossible tolerance
/// fails with exit 1; a trained model's large loss is no false alarm, and a failure says in a line
/// whether rounding explains it.
/// </summary>
public class CliGradcheck
{
    [Theory]
    [InlineData("cross-entropy", "tanh")]
    [InlineData("mse", "sigmoid")]
    [InlineData("binary-cross-entropy", "gelu")]
    public void A_healthy_random_network_passes(string loss, string activation)
    {
        var r = CliRun.Invoke("gradcheck", "--loss", loss, "--activation", activation);
        Assert.Equal(0, r.Code);
        Assert.Equal("", r.Err);
        foreach (var header in new[] { "layer", "worst relative error", "where", "analytic", "numeric" })
            Assert.Contains(header, r.Out);
        Assert.Contains("3-5(", r.Out); // the default shape 3-5-4-3
        Assert.Matches(@"│ 3\s+│", r.Out); // one row per layer, the last is 3
        Assert.Matches(@"(weight\[\d+,\d+\]|bias\[\d+\])", r.Out);
        Assert.Contains("ok: worst relative error", r.Out);
    }

    [Fact]
    public void A_tolerance_no_check_can_meet_exits_1()
    {
        var r = CliRun.Invoke("gradcheck", "--tolerance", "1e-300", "--hidden", "3");
        Assert.Equal(1, r.Code);
        Assert.Contains("FAILED: worst relative error", r.Out);
    }

    // A regression in the units of a hospital's progression score (about 1,500 ± 600): as sklearn's
    // diabetes, small features and a target nobody scaled.
    private static string Unscaled(int rows)
    {
        var rng = new Random(7);
        var w = Enumerable.Range(0, 10).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var lines = Enumerable.Range(0, rows).Select(_ =>
        {
            var x = w.Select(_ => 0.2 * rng.NextDouble() - 0.1).ToArray();
            var y = 1500 + 6000 * x.Zip(w, (a, b) => a * b).Sum() + 400 * (rng.NextDouble() - 0.5);
            return string.Join(",", x.Append(y).Select(v => v.ToString("0.#####", CultureInfo.InvariantCulture)));
        });
        return string.Join(",", Enumerable.Range(0, 10).Select(i => $"x{i}")) + ",progression\n" + string.Join("\n", lines) + "\n";
    }

    [Fact]
    public void A_trained_model_with_an_unscaled_target_is_no_false_alarm()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("scores.csv"), Unscaled(300));
        Assert.Equal(0, CliRun.Invoke("train", "--data", dir.File("scores.csv"), "--out", dir.File("m.json"), "--quiet").Code);

        var r = CliRun.Invoke("gradcheck", "--model", dir.File("m.json"), "--data", dir.File("scores.csv"));
        Assert.True(r.Code == 0, r.Out);
        Assert.Matches(@"ok: worst relative error \S+ ≤ 1\.0e-06 \+ rounding \S+\n", r.Out);
        // The same check against a bare 1e-6: the loss's rounding noise alone exceeds it, and the line says so.
        var strict = CliRun.Invoke("gradcheck", "--model", dir.File("m.json"), "--data", dir.File("scores.csv"), "--tolerance", "1e-6");
        Assert.Equal(1, strict.Code);
        Assert.Matches(@"FAILED: worst relative error \S+ > tolerance 1\.0e-06 at layer \d \S+, within its rounding \S+ " +
            @"\(a loss of \S+ at h = 1\.0e-06\): drop --tolerance, whose default grows with the loss\n", strict.Out);
    }

    [Fact]
    public void A_step_across_a_relu_kink_fails_beyond_rounding_and_says_what_to_try()
    {
        using var dir = new TempDir();
        Assert.Equal(0, CliRun.Invoke("train", "--data", "xor", "--hidden", "8", "--epochs", "500", "--out", dir.File("xor.json"), "--quiet").Code);
        Assert.Equal(0, CliRun.Invoke("gradcheck", "--model", dir.File("xor.json"), "--data", "xor").Code);
        var r = CliRun.Invoke("gradcheck", "--model", dir.File("xor.json"), "--data", "xor", "--step", "1e-4");
        Assert.Equal(1, r.Code);
        Assert.Matches(@"FAILED: layer \d is off by \S+ more than rounding explains \(> 1\.0e-06; worst at \S+: \S+, rounding \S+\): " +
            @"a wrong gradient, or h = 1\.0e-04 crossing a relu kink \(try --step 1\.0e-06\)\n", r.Out);
    }
}
