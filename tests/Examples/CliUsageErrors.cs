using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Bad usage and bad input (issue 4, item 8): exit code 2, a message that names the option and
/// what was expected, no stack trace, and no file written, even when outputs were asked for.
/// </summary>
public class CliUsageErrors
{
    private static void AssertUsageError(CliRun.Result r, params string[] expected)
    {
        Assert.Equal(2, r.Code);
        foreach (var e in expected) Assert.Contains(e, r.Err);
        Assert.DoesNotContain("   at ", r.Err);           // no stack trace
        Assert.DoesNotContain("Usage:", r.Err + r.Out);  // not the whole help dump
        Assert.Contains("--help", r.Err);                // but where to find it
    }

    // Runs `mlp train <args>` with every output option pointing into an empty directory.
    private static void AssertTrainRejects(string[] args, params string[] expected)
    {
        using var dir = new TempDir();
        var r = CliRun.Invoke(["train", .. args, "--out", dir.File("model.json"), "--plot", dir.File("curve.png"),
            "--plot-boundary", dir.File("regions.png")]);
        AssertUsageError(r, expected);
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void Unknown_command() =>
        AssertUsageError(CliRun.Invoke("frobnicate"), "frobnicate", "mlp --help");

    [Fact]
    public void Unknown_option() =>
        AssertTrainRejects(["--learning-rate", "0.1"], "--learning-rate", "mlp train --help");

    [Fact]
    public void Missing_option_value()
    {
        using var dir = new TempDir();
        var r = CliRun.Invoke("train", "--out", dir.File("model.json"), "--lr");
        AssertUsageError(r, "--lr");
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("mlp:"));
        Assert.Empty(dir.Files());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("NaN")]
    public void Learning_rate_must_be_a_positive_number(string lr) =>
        AssertTrainRejects(["--lr", lr], "--lr", "positive number", $"'{lr}'");

    [Fact]
    public void Zero_epochs() => AssertTrainRejects(["--epochs", "0"], "--epochs", "whole number ≥ 1", "'0'");

    [Theory]
    [InlineData("0")]
    [InlineData("half")]
    public void Batch_size_is_positive_or_full(string batch) =>
        AssertTrainRejects(["--batch-size", batch], "--batch-size", "'full'", $"'{batch}'");

    [Theory]
    [InlineData("16,,8")]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("16,-2")]
    public void Hidden_sizes_are_whole_numbers_of_at_least_one(string hidden) =>
        AssertTrainRejects(["--hidden", hidden], "--hidden", "64,32", $"'{hidden}'");

    [Theory]
    [InlineData("--activation", "swish", "relu, leaky-relu, gelu")]
    [InlineData("--loss", "hinge", "auto, mse, cross-entropy, binary-cross-entropy")]
    [InlineData("--optimizer", "lbfgs", "sgd, momentum, nesterov, adam, adamw, rmsprop")]
    [InlineData("--init", "zeros", "xavier-uniform, xavier-normal, he-uniform, he-normal")]
    [InlineData("--preprocess", "whiten", "standardize, minmax, none")]
    [InlineData("--schedule", "linear", "constant, step, cosine")]
    public void Unknown_names_list_the_allowed_ones(string flag, string value, string allowed) =>
        AssertTrainRejects([flag, value], flag, $"'{value}'", allowed);

    [Theory]
    [InlineData("--validation", "1")]
    [InlineData("--validation", "-0.1")]
    [InlineData("--early-stopping", "0")]
    [InlineData("--momentum", "1.5")]
    [InlineData("--weight-decay", "-1")]
    public void Numbers_out_of_range(string flag, string value) =>
        AssertTrainRejects([flag, value], flag, $"'{value}'");

    [Theory]
    [InlineData("--out")]
    [InlineData("--plot")]
    [InlineData("--plot-boundary")]
    public void Output_in_a_missing_directory(string flag)
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "no-such-dir");
        var r = CliRun.Invoke("train", flag, Path.Combine(missing, "file.png"));
        AssertUsageError(r, flag, "does not exist", missing);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void Missing_data_file()
    {
        using var dir = new TempDir();
        var r = CliRun.Invoke("train", "--data", dir.File("missing.csv"), "--out", dir.File("model.json"));
        AssertUsageError(r, "--data", "missing.csv", "does not exist", "xor, iris, digits, fashion-mnist");
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void Every_bad_option_is_reported_at_once()
    {
        var r = CliRun.Invoke("train", "--lr", "0", "--epochs", "0", "--hidden", "16,,8", "--activation", "swish");
        Assert.Equal(2, r.Code);
        var problems = r.Err.Split('\n').Where(l => l.StartsWith("mlp: ")).ToList();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("mlp: --lr:"));
        Assert.Contains(problems, p => p.StartsWith("mlp: --epochs:"));
        Assert.Contains(problems, p => p.StartsWith("mlp: --hidden:"));
        Assert.Contains(problems, p => p.StartsWith("mlp: --activation:"));
    }

    [Fact]
    public void Two_outputs_on_one_path()
    {
        using var dir = new TempDir();
        AssertUsageError(CliRun.Invoke("train", "--plot", dir.File("a.png"), "--plot-boundary", dir.File("a.png")),
            "--plot-boundary", "--plot");
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void Walkthrough_sample_must_fit_the_network()
    {
        AssertUsageError(CliRun.Invoke("walkthrough", "--x", "1,2,3"), "--x", "2 input values");
        AssertUsageError(CliRun.Invoke("walkthrough", "--t", "0,1"), "--t", "1 target values");
        AssertUsageError(CliRun.Invoke("walkthrough", "--lang", "fr"), "--lang", "en, zh");
        AssertUsageError(CliRun.Invoke("walkthrough", "--lr", "0"), "--lr", "positive");
        AssertUsageError(CliRun.Invoke("walkthrough", "--model", "no-such-model.json"), "--model", "does not exist");
    }

    [Fact]
    public void Gradcheck_options_are_checked() =>
        AssertUsageError(CliRun.Invoke("gradcheck", "--tolerance", "-1", "--loss", "hinge", "--inputs", "0"),
            "--tolerance", "--loss", "--inputs");

    [Fact]
    public void An_unexpected_exception_is_one_line_and_exit_1()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Mlp.Cli.Cli.Run(null!, stdout, stderr); // no argument array at all: a bug in the caller
        Assert.Equal(1, code);
        Assert.StartsWith("mlp: internal error: ", stderr.ToString());
        Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Valid_options_pass_validation()
    {
        var parsed = Mlp.Cli.TrainCommand.Validate(
            name => name switch { "--hidden" => "8,4", "--batch-size" => "full", "--loss" => "auto", "--activation" => "tanh", _ => null },
            name => name == "--no-shuffle");
        var options = parsed.Match(Succ: o => o, Fail: e => throw new Xunit.Sdk.XunitException(string.Join("; ", e)));
        Assert.Equal([8, 4], options.Fit.Hidden.ToArray());
        Assert.Null(options.Fit.BatchSize);
        Assert.Null(options.Fit.Loss);
        Assert.False(options.Fit.Shuffle);
        Assert.Equal(Mlp.Model.Initializer.XavierUniform, options.Fit.Initializer); // tanh's default
        Assert.Equal(new Mlp.Cli.DataSource.BuiltIn("iris"), options.Data);
    }
}
