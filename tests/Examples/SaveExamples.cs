using System.Diagnostics;
using Mlp.Cli;
using Mlp.Io;
using Mlp.Model;
using Mlp.Pipeline;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Saving (issue 11, items 2 and 4): "model written" only once the file is there; what appears at
/// the path while training runs is never replaced unless it is a regular file; the temporary file
/// of a killed save is removed by the next save to the same path, and a live one is left alone.
/// </summary>
public class SaveExamples
{
    // A writer that runs `act` once, when the first line starting with `trigger` is written.
    private sealed class OnLine(string trigger, Action act) : StringWriter
    {
        private bool done;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (done || value?.StartsWith(trigger, StringComparison.Ordinal) != true) return;
            done = true;
            act();
        }
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("fifo")] // a rename would replace it: the save must look again just before
    public void What_appears_at_out_during_training_is_left_and_model_written_is_not_printed(string kind)
    {
        using var dir = new TempDir();
        var path = dir.File("m.json");
        using var stdout = new OnLine("epoch", () =>
        {
            if (kind == "directory") Directory.CreateDirectory(path);
            else Process.Start("mkfifo", path)!.WaitForExit();
        });
        using var stderr = new StringWriter();
        var code = Cli.Cli.Run(["train", "--data", "xor", "--epochs", "3", "--out", path], new Terminal(stdout, stderr, false, default));

        Assert.Equal(1, code);
        Assert.Contains($"mlp: train: {path}: cannot save: ", stderr.ToString());
        Assert.DoesNotContain("model written", stdout.ToString());
        Assert.Contains("model not written (see the error above)", stdout.ToString());
        Assert.Equal(kind == "directory", Directory.Exists(path));
        Assert.Equal(0, kind == "fifo" ? new FileInfo(path).Length : 0); // still the FIFO, not a model
        Assert.Equal([path], dir.Files()); // no temporary file left
    }

    [Fact]
    public void A_save_removes_the_temporary_files_of_killed_saves_and_leaves_a_live_one()
    {
        using var dir = new TempDir();
        var path = dir.File("m.json");
        var killed = dir.File(".m.json.mlp-tmp-abcd1234");       // what a save killed before its rename leaves
        var live = dir.File(".m.json.mlp-tmp-live0000");          // a save still writing holds its file locked
        var other = dir.File(".other.json.mlp-tmp-abcd1234");     // another file's: not this save's to remove
        var notOurs = dir.File(".m.json.mlp-tmp-notes.txt");      // not the pattern: someone's own file
        foreach (var f in new[] { killed, live, other, notOurs }) File.WriteAllBytes(f, new byte[1 << 20]);
        var model = new TrainedModel<float>(Init.Network<float>([2, 3, 1], Activation.Tanh, Activation.Sigmoid, Initializer.XavierUniform, 1),
            Losses.Loss.BinaryCrossEntropy, ["a", "b"], null, null);

        using (new FileStream(live, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            Assert.True(ModelFile.Save(path, model).IsSucc);

        Assert.False(File.Exists(killed));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.True(File.Exists(notOurs));
        Assert.True(ModelFile.Load<float>(path).IsSucc);
    }
}
