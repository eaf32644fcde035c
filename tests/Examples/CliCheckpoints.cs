using Mlp.Cli;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// <c>train --checkpoint</c> and <c>--resume</c> through the command line: five epochs, then a
/// resume to ten, write the model file (and the last checkpoint) ten epochs straight write, byte
/// for byte; a run stopped by Ctrl-C resumes the same way; only the epochs, the threads and the
/// outputs may change on resume (<see cref="CliCheckpointErrors"/> has the refusals).
/// </summary>
public class CliCheckpoints
{
    internal static CliRun.Result Ok(CliRun.Result r)
    {
        Assert.True(r.Code == 0, $"exit {r.Code}: {r.Err}");
        return r;
    }

    // Shoppers: a text column and missing cells, so the checkpoint carries fitted encoders and fillings.
    internal static string[] Shoppers(TempDir dir, params string[] more)
    {
        var csv = dir.File("shoppers.csv");
        if (!File.Exists(csv)) File.WriteAllText(csv, CliTables.Shoppers(240, seed: 5));
        return ["train", "--data", csv, "--drop", "id", "--hidden", "8", "--seed", "3", "--quiet", .. more];
    }

    [Theory]
    [InlineData("adam", "0", "1")]
    [InlineData("adam", "0.2", "2")]
    [InlineData("momentum", "0", "2")]
    [InlineData("momentum", "0.2", "1")]
    public void Five_epochs_then_a_resume_to_ten_write_the_files_of_ten_straight_byte_for_byte(string optimizer, string validation,
        string threads)
    {
        using var dir = new TempDir();
        string[] run = ["--optimizer", optimizer, "--validation", validation, "--lr", "0.05"];
        Ok(CliRun.Invoke(Shoppers(dir, [.. run, "--epochs", "10", "--out", dir.File("straight.json"), "--checkpoint", dir.File("straight.ckpt")])));
        Ok(CliRun.Invoke(Shoppers(dir, [.. run, "--epochs", "5", "--out", dir.File("five.json"), "--checkpoint", dir.File("run.ckpt")])));
        // The threads change no result, so they may differ on resume.
        var resumed = Ok(CliRun.Invoke(Shoppers(dir, [.. run, "--epochs", "10", "--threads", threads, "--out", dir.File("resumed.json"),
            "--resume", dir.File("run.ckpt"), "--checkpoint", dir.File("run.ckpt")])));

        Assert.Contains("10 epoch(s)", resumed.Out);
        Assert.Equal(File.ReadAllBytes(dir.File("straight.json")), File.ReadAllBytes(dir.File("resumed.json")));
        Assert.Equal(File.ReadAllBytes(dir.File("straight.ckpt")), File.ReadAllBytes(dir.File("run.ckpt")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("five.json")), File.ReadAllBytes(dir.File("resumed.json"))); // it did train on
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
    public void A_run_stopped_by_ctrl_c_resumes_from_its_last_complete_epoch_to_the_straight_runs_model()
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke(Shoppers(dir, "--epochs", "10", "--out", dir.File("straight.json"))));
        using var cancel = new CancellationTokenSource();
        using var stdout = new CancelOn("epoch  6/10", cancel);
        string[] interrupted = [.. Shoppers(dir, "--epochs", "10", "--checkpoint", dir.File("run.ckpt")).Where(a => a != "--quiet")];
        Assert.Equal(0, Cli.Cli.Run(interrupted, new Terminal(stdout, TextWriter.Null, false, cancel.Token)));
        Assert.Contains("stopped by Ctrl-C after 6 complete epoch(s)", stdout.ToString());

        var resumed = Ok(CliRun.Invoke([.. Shoppers(dir, "--epochs", "10", "--resume", dir.File("run.ckpt"), "--out", dir.File("resumed.json"))
            .Where(a => a != "--quiet")]));
        Assert.Contains($"resuming from {dir.File("run.ckpt")}: 6 of 10 epochs done", resumed.Out);
        Assert.DoesNotContain("epoch  6/10", resumed.Out);
        Assert.Contains("epoch  7/10", resumed.Out);
        Assert.Equal(File.ReadAllBytes(dir.File("straight.json")), File.ReadAllBytes(dir.File("resumed.json")));
    }

    [Fact]
    public void Threads_quiet_test_rows_and_outputs_may_change_and_the_checkpoints_epoch_as_total_writes_its_model()
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke(Shoppers(dir, "--validation", "0.2", "--epochs", "5", "--out", dir.File("five.json"), "--checkpoint", dir.File("run.ckpt"))));
        File.WriteAllText(dir.File("test.csv"), CliTables.Shoppers(50, seed: 9));
        // Test rows are only scored (the validation share is given: by default, a test file would change it).
        var again = CliRun.Invoke([.. Shoppers(dir, "--validation", "0.2", "--epochs", "5", "--threads", "1", "--resume", dir.File("run.ckpt"),
            "--test", dir.File("test.csv"), "--out", dir.File("again.json"), "--plot", dir.File("curves.png")).Where(a => a != "--quiet")]);
        Ok(again);
        Assert.Contains("5 of 5 epochs done", again.Out);
        Assert.Contains("│ test ", again.Out);
        Assert.DoesNotContain("epoch ", again.Out); // nothing left to train
        Assert.Equal(File.ReadAllBytes(dir.File("five.json")), File.ReadAllBytes(dir.File("again.json")));
    }

    [Fact]
    public void A_run_early_stopping_stopped_stays_stopped_when_resumed()
    {
        using var dir = new TempDir();
        // Iris, seed 12: no better validation loss after epoch 3, so patience 1 stops it after epoch 4.
        string[] run = ["train", "--data", "iris", "--hidden", "8", "--lr", "0.05", "--early-stopping", "1", "--validation", "0.2", "--seed", "12"];
        var straight = Ok(CliRun.Invoke([.. run, "--epochs", "10", "--out", dir.File("straight.json")]));
        Assert.Contains("4 epoch(s)", straight.Out);
        Assert.Contains("stopped early", straight.Out);
        Ok(CliRun.Invoke([.. run, "--epochs", "4", "--checkpoint", dir.File("run.ckpt"), "--quiet"]));
        var resumed = Ok(CliRun.Invoke([.. run, "--epochs", "10", "--resume", dir.File("run.ckpt"), "--out", dir.File("resumed.json")]));
        Assert.Contains("4 of 10 epochs done; early stopping had stopped the run (best: epoch 3)", resumed.Out);
        Assert.DoesNotContain("epoch  5/10", resumed.Out);
        Assert.Equal(File.ReadAllBytes(dir.File("straight.json")), File.ReadAllBytes(dir.File("resumed.json")));
    }
}
