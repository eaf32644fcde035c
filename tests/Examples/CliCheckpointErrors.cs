using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Training;
using Xunit;
using static Mlp.Tests.Examples.CliCheckpoints;

namespace Mlp.Tests.Examples;

/// <summary>
/// A checkpoint resumed by another run (other data, other options) is refused with exit 2 and one
/// line naming what differs, and nothing is written; so is a checkpoint that cannot say which run
/// made it, one further on than the run asks, and a checkpoint path that is another output. A
/// checkpoint that cannot be written stops training with exit 1.
/// </summary>
public class CliCheckpointErrors
{
    private static void Refused(CliRun.Result r, string expected, TempDir dir, int files)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}; out: {r.Out}; err: {r.Err}");
        Assert.Contains(expected, r.Err);
        Assert.StartsWith("mlp: ", r.Err);
        Assert.Single(r.Err.Split('\n'), l => l.StartsWith("mlp: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Equal(files, dir.Files().Length); // nothing written
    }

    // Five epochs of the shoppers run with validation, checkpointed; the files made so far.
    private static int FiveEpochs(TempDir dir)
    {
        Ok(CliRun.Invoke(Shoppers(dir, "--validation", "0.2", "--epochs", "5", "--checkpoint", dir.File("run.ckpt"))));
        return dir.Files().Length;
    }

    private static CliRun.Result Resume(TempDir dir, params string[] changed)
    {
        // The run's options, each replaced by its changed value when there is one.
        var args = Shoppers(dir, "--validation", "0.2", "--epochs", "10").ToList();
        for (var i = 0; i < changed.Length; i++)
        {
            var at = args.IndexOf(changed[i]);
            var valued = i + 1 < changed.Length && !changed[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (at >= 0 && valued) args[at + 1] = changed[i + 1];
            else args.AddRange(valued ? [changed[i], changed[i + 1]] : [changed[i]]);
            if (valued) i++;
        }
        return CliRun.Invoke([.. args, "--resume", dir.File("run.ckpt"), "--out", dir.File("m.json")]);
    }

    [Theory]
    [InlineData("--hidden 6", "--hidden 6 here, 8 in the checkpoint")]
    [InlineData("--optimizer momentum", "--optimizer momentum here, adam in the checkpoint")]
    [InlineData("--lr 0.02", "--lr 0.02 here, 0.01 in the checkpoint")]
    [InlineData("--seed 4", "--seed 4 here, 3 in the checkpoint")]
    [InlineData("--batch-size 32", "--batch-size 32 here, 16 in the checkpoint")]
    [InlineData("--validation 0.3", "--validation 0.3 here, 0.2 in the checkpoint")]
    [InlineData("--preprocess minmax", "--preprocess minmax here, standardize in the checkpoint")]
    [InlineData("--impute mean", "--impute mean here, auto in the checkpoint")]
    [InlineData("--early-stopping 3", "--early-stopping 3 here, none in the checkpoint")]
    [InlineData("--no-shuffle", "--no-shuffle yes here, no in the checkpoint")]
    [InlineData("--activation tanh", "--activation tanh here, relu in the checkpoint; --init xavier-uniform here, he-uniform in the checkpoint")]
    [InlineData("--drop id,income", "training rows differ from the checkpoint's")]
    public void Other_options_are_refused_naming_each_difference(string change, string expected)
    {
        using var dir = new TempDir();
        var files = FiveEpochs(dir);
        Refused(Resume(dir, change.Split(' ')), expected, dir, files);
    }

    [Fact]
    public void Other_data_is_refused_naming_the_rows_and_the_data()
    {
        using var dir = new TempDir();
        var files = FiveEpochs(dir);
        var other = dir.File("other.csv");
        File.WriteAllText(other, CliTables.Shoppers(200, seed: 5));
        Refused(Resume(dir, "--data", other), $"this run is on {other}): ", dir, files + 1);
        Refused(Resume(dir, "--data", other), "training rows here, ", dir, files + 1);

        // The same file name and row count, one income changed (on a row with a target, which is kept): the fingerprints tell.
        var csv = dir.File("shoppers.csv");
        var lines = File.ReadAllLines(csv);
        var at = Array.FindIndex(lines, 1, l => !l.EndsWith(';'));
        var cells = lines[at].Split(';');
        cells[2] = "1000.00";
        lines[at] = string.Join(';', cells);
        File.WriteAllLines(csv, lines);
        Refused(Resume(dir), "rows differ from the checkpoint's", dir, files + 1);
    }

    [Fact]
    public void A_schedule_that_spans_the_run_keeps_its_epochs()
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke(Shoppers(dir, "--schedule", "cosine", "--epochs", "5", "--checkpoint", dir.File("run.ckpt"))));
        var r = CliRun.Invoke(Shoppers(dir, "--schedule", "cosine", "--epochs", "10", "--resume", dir.File("run.ckpt")));
        Refused(r, "--schedule cosine (0 epochs of warm-up, 10 in all) here, cosine (0 epochs of warm-up, 5 in all) in the checkpoint " +
            "(this schedule spans the run's epochs: resume with --epochs 5)", dir, 2);
        Ok(CliRun.Invoke(Shoppers(dir, "--schedule", "step", "--step-every", "2", "--epochs", "4", "--checkpoint", dir.File("step.ckpt"))));
        Ok(CliRun.Invoke(Shoppers(dir, "--schedule", "step", "--step-every", "2", "--epochs", "6", "--resume", dir.File("step.ckpt"))));
    }

    [Fact]
    public void Fewer_epochs_than_the_checkpoint_has_done_are_refused()
    {
        using var dir = new TempDir();
        var files = FiveEpochs(dir);
        Refused(Resume(dir, "--epochs", "3"), $"--resume {dir.File("run.ckpt")}: --epochs 3: the checkpoint has 5 epochs done; expected 5 or more",
            dir, files);
    }

    [Fact]
    public void A_checkpoint_that_does_not_say_which_run_made_it_or_is_damaged_or_absent_is_refused()
    {
        using var dir = new TempDir();
        var net = Init.Network<float>([5, 8, 2], Activation.Relu, Activation.Softmax, Initializer.HeUniform, seed: 1);
        var state = Trainer.Start(net, Optimizers.Adam(0.01), new TrainConfig(Loss.CrossEntropy, 5));
        Assert.True(CheckpointFile.Save(dir.File("run.ckpt"), state, Loss.CrossEntropy).IsSucc);
        Refused(Resume(dir), "the checkpoint does not say which data and options made it", dir, 2);

        var text = File.ReadAllText(dir.File("run.ckpt"));
        File.WriteAllText(dir.File("run.ckpt"), text[..(text.Length / 2)]);
        Refused(Resume(dir), $"{dir.File("run.ckpt")}: $.", dir, 2);
        File.Delete(dir.File("run.ckpt"));
        Refused(Resume(dir), $"--resume: file '{dir.File("run.ckpt")}' does not exist; expected a checkpoint file", dir, 1);
    }

    [Fact]
    public void The_checkpoint_path_may_not_be_another_output()
    {
        using var dir = new TempDir();
        var r = CliRun.Invoke(Shoppers(dir, "--epochs", "2", "--out", dir.File("m.json"), "--checkpoint", dir.File("m.json")));
        Refused(r, $"--checkpoint: '{dir.File("m.json")}' is also the path of --out; expected a different file", dir, 1);
    }

    // A writer that, once a line starting with `trigger` is written, puts a directory where the checkpoint goes.
    private sealed class BlockOn(string trigger, string path) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(trigger, StringComparison.Ordinal) != true) return;
            File.Delete(path);
            Directory.CreateDirectory(path);
        }
    }

    [Fact]
    public void A_checkpoint_that_cannot_be_written_stops_training_with_exit_1_and_keeps_the_model()
    {
        using var dir = new TempDir();
        using var stdout = new BlockOn("epoch  2/10", dir.File("run.ckpt"));
        using var stderr = new StringWriter();
        string[] args = [.. Shoppers(dir, "--epochs", "10", "--checkpoint", dir.File("run.ckpt"), "--out", dir.File("m.json")).Where(a => a != "--quiet")];
        Assert.Equal(1, Cli.Cli.Run(args, stdout, stderr));
        Assert.Contains($"mlp: train: {dir.File("run.ckpt")}: cannot save: '{dir.File("run.ckpt")}' is a directory; expected a file name; " +
            "training stopped after epoch 3", stderr.ToString());
        Assert.DoesNotContain("epoch  4/10", stdout.ToString());
        Assert.True(File.Exists(dir.File("m.json")));
    }
}
