using Mlp.Cli;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Model files through the command line: <c>--init-model</c> with one full-batch SGD epoch is one
/// library SGD step; Ctrl-C after an epoch still writes the best model, before one writes nothing
/// (exit 130); pictures; walkthrough and gradcheck of a saved model.
/// </summary>
public class CliRoundTrips
{
    private static CliRun.Result Ok(CliRun.Result r)
    {
        Assert.True(r.Code == 0, $"exit {r.Code}: {r.Err}");
        return r;
    }

    private static TrainedModel<T> Load<T>(string path) where T : System.Numerics.IFloatingPointIeee754<T> =>
        ModelFile.Load<T>(path).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public void One_full_batch_sgd_epoch_from_a_model_file_is_one_library_sgd_step_bit_for_bit()
    {
        using var dir = new TempDir();
        var csv = dir.File("iris.csv");
        File.WriteAllText(csv, Csv.Write(BuiltIn.Iris<float>()));
        Ok(CliRun.Invoke("train", "--data", csv, "--hidden", "6", "--epochs", "3", "--out", dir.File("m.json"), "--quiet"));
        Ok(CliRun.Invoke("train", "--data", csv, "--init-model", dir.File("m.json"), "--optimizer", "sgd", "--lr", "0.1",
            "--batch-size", "full", "--epochs", "1", "--validation", "0", "--no-shuffle", "--out", dir.File("m2.json"), "--quiet"));

        var model = Load<float>(dir.File("m.json"));
        var data = CsvFile.Load<float>(csv, new CsvOptions { Features = model.Features!.Value, Classes = model.Classes!.Value })
            .Match(d => d, e => throw new Xunit.Sdk.XunitException(e.Message));
        var (_, grads) = Grad.ValueAndGrad(model.Network, model.Encode(data.Features), data.Targets, model.Loss);
        var expected = GradientDescent.Step(model.Network, grads, 0.1f);

        var after = Load<float>(dir.File("m2.json"));
        Assert.Equal(expected, after.Network); // bit for bit
        Assert.NotEqual(model.Network, after.Network);
        Assert.Equal(model with { Network = expected }, after); // loss, classes, features, preprocessing kept
    }

    // A writer that pulls Ctrl-C once a line starting with `trigger` has been written.
    private sealed class CancelOn(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(trigger, StringComparison.Ordinal) == true) cancel.Cancel();
        }
    }

    [Fact]
    public void Ctrl_c_during_training_still_writes_the_best_model_so_far()
    {
        using var dir = new TempDir();
        using var cancel = new CancellationTokenSource();
        using var stdout = new CancelOn("epoch  6/40", cancel);
        string[] args = ["--hidden", "8", "--epochs", "40", "--lr", "0.5", "--seed", "9", "--validation", "0.2"];
        var code = Cli.Cli.Run(["train", .. args, "--out", dir.File("m.json")], new Terminal(stdout, TextWriter.Null, false, cancel.Token));
        Assert.Equal(0, code);
        var text = stdout.ToString();
        Assert.Contains("stopped by Ctrl-C after 6 complete epoch(s)", text);
        Assert.DoesNotContain("epoch  7/40", text);
        Assert.Contains("stopped by Ctrl-C; the best network so far is kept", text);

        // The same run in memory: the best of the first six epochs by validation loss.
        var reports = Trainer.EpochsOf(CliLibrary.Plan(args).Run()).Take(6).ToList();
        Assert.Equal(reports.MinBy(r => r.ValidLoss)!.Network, Load<float>(dir.File("m.json")).Network);
        Assert.Equal(reports[^1].Best, Load<float>(dir.File("m.json")).Network);
        Assert.NotEqual(reports[^1].Network, reports[^1].Best); // the last epoch is not the best one
    }

    // Changed deliberately (issue 11): this run used to write the untrained starting network over
    // --out and exit 0. DESIGN.md: 130 when interrupted before anything worth saving, and the file
    // at --out is never replaced by a worse network than asked for.
    [Fact]
    public void Ctrl_c_before_the_first_epoch_completes_leaves_out_as_it_was_and_exits_130()
    {
        using var dir = new TempDir();
        var path = dir.File("m.json");
        Ok(CliRun.Invoke("train", "--data", "xor", "--hidden", "4", "--epochs", "50", "--out", path, "--quiet"));
        var before = File.ReadAllBytes(path);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Cli.Run(["train", "--data", "xor", "--out", path], new Terminal(stdout, stderr, false, cancel.Token));
        Assert.Equal(130, code);
        Assert.Contains("stopped by Ctrl-C after 0 complete epoch(s)", stdout.ToString());
        Assert.Equal($"mlp: train: stopped by Ctrl-C before the first epoch completed; nothing is worth saving, and {path} is left as it was\n",
            stderr.ToString());
        Assert.DoesNotContain("model written", stdout.ToString());
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], dir.Files());
    }

    [Fact]
    public void Plots_of_a_xor_run_are_pngs()
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke("train", "--data", "xor", "--hidden", "4", "--epochs", "30", "--validation", "0", "--quiet",
            "--plot", dir.File("curves.png"), "--plot-boundary", dir.File("regions.png")));
        foreach (var png in new[] { "curves.png", "regions.png" })
        {
            var bytes = File.ReadAllBytes(dir.File(png));
            Assert.True(bytes.Length > 5_000, $"{png}: {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        }
        Assert.Equal(2, dir.Files().Length);
    }

    [Fact]
    public void Walkthrough_walks_a_saved_model_with_the_librarys_numbers()
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke("train", "--data", "xor", "--hidden", "2", "--activation", "sigmoid", "--epochs", "5", "--validation", "0",
            "--out", dir.File("xor.json"), "--quiet"));
        var r = Ok(CliRun.Invoke("walkthrough", "--model", dir.File("xor.json"), "--x", "1,1", "--t", "0", "--lr", "0.5"));
        var model = Load<double>(dir.File("xor.json"));
        var y = Network.Predict(model.Network, model.Encode(Tensors.Matrix<double>.FromRows([1.0, 1.0])))[0, 0]; // its scaler applied
        Assert.Matches($@"\n  y = σ\([^\n]* = {System.Text.RegularExpressions.Regex.Escape(Notation.V(y))}\n", r.Out);
        Assert.Contains("binary-cross-entropy", r.Out);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradcheck_checks_a_saved_model_on_random_inputs_or_its_data(bool withData)
    {
        using var dir = new TempDir();
        var csv = dir.File("iris.csv");
        File.WriteAllText(csv, Csv.Write(BuiltIn.Iris<float>()));
        Ok(CliRun.Invoke("train", "--data", csv, "--hidden", "5", "--activation", "tanh", "--epochs", "3", "--out", dir.File("m.json"), "--quiet"));
        var r = Ok(CliRun.Invoke(["gradcheck", "--model", dir.File("m.json"), .. withData ? new[] { "--data", csv, "--batch-size", "20" } : []]));
        Assert.Contains("gradient check of 4-5(tanh)-3(softmax) with cross-entropy, " +
            (withData ? $"the first 20 rows of {csv}" : "4 random samples"), r.Out);
        Assert.Contains("ok: worst relative error", r.Out);
    }

    [Fact]
    public void Gradcheck_of_a_random_network_on_a_data_file_takes_its_shape_from_the_data()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("two.csv"), CliLibrary.TwoTargets(10, seed: 4));
        var r = Ok(CliRun.Invoke("gradcheck", "--data", dir.File("two.csv"), "--hidden", "3"));
        Assert.Contains("gradient check of 3-3(tanh)-1(identity) with mse", r.Out); // x1, x2, a → b
        Assert.Contains("the first 10 rows", r.Out);
    }
}
