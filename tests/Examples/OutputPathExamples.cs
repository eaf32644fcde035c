using System.Diagnostics;
using System.Text.RegularExpressions;
using Mlp.Io;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Where <c>--out</c>, <c>--plot</c> and <c>predict --out</c> may write (issue 11, item 2): checked
/// before any training, exit 2, and nothing but a new name or a regular file is ever replaced.
/// Devices, FIFOs and links are made in a temporary directory, never taken from /dev: should the
/// check break, the test replaces its own node, not the machine's.
/// </summary>
public class OutputPathExamples
{
    private static void Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
    }

    // What stands at `name` in `dir` before the run: made here, so the test can tell whether it survived.
    private static string Make(TempDir dir, string kind, string extension)
    {
        var path = dir.File(kind + extension);
        switch (kind)
        {
            case "device": Run("mknod", path, "c", "1", "7"); break; // the numbers of /dev/full (the tests run as root, as CI does)
            case "fifo": Run("mkfifo", path); break;
            case "directory": Directory.CreateDirectory(path); break;
            case "link-to-device": File.CreateSymbolicLink(path, "/dev/null"); break;
            case "link-to-stdout": File.CreateSymbolicLink(path, "/proc/self/fd/1"); break; // what /dev/stdout is
            case "link-to-nothing": File.CreateSymbolicLink(path, dir.File("gone.json")); break;
        }
        return path;
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "device", "--out", "is a character device; expected a regular file or a new name" },
        { "fifo", "--out", "is a FIFO (named pipe); expected a regular file or a new name" },
        { "directory", "--out", "is a directory; expected a file name" },
        { "link-to-device", "--out", "is a symbolic link to '/dev/null', which is a character device" },
        { "link-to-stdout", "--out", "is a symbolic link to '" },
        { "link-to-nothing", "--out", "gone.json', which is not there" },
        { "device", "--plot", "is a character device" },
        { "fifo", "--plot-boundary", "is a FIFO" },
        { "device", "predict", "is a character device" },
        { "link-to-device", "predict", "is a symbolic link to '/dev/null'" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void What_is_not_a_regular_file_or_a_new_name_is_refused_before_training(string kind, string flag, string expected)
    {
        using var dir = new TempDir();
        var path = Make(dir, kind, flag.StartsWith("--plot") ? ".png" : ".json");
        var before = new FileInfo(path).LinkTarget ?? (Directory.Exists(path) ? "dir" : "node");
        string[] args = flag switch
        {
            "predict" => ["predict", "--model", Model(dir), "--data", "xor", "--out", path],
            "--plot-boundary" => ["train", "--data", "xor", "--epochs", "2", "--plot-boundary", path],
            _ => ["train", "--data", "xor", "--epochs", "2", flag, path],
        };
        var r = CliRun.Invoke(args);
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.Contains($"mlp: {(flag == "predict" ? "--out" : flag)}: '{path}' is ", r.Err);
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("epoch", r.Out);
        Assert.Equal(before, new FileInfo(path).LinkTarget ?? (Directory.Exists(path) ? "dir" : "node"));
        Assert.False(new FileInfo(path).Exists && new FileInfo(path).LinkTarget is null && new FileInfo(path).Length > 0,
            "the node was replaced by a file");
    }

    // A small model to predict with, saved in `dir`.
    private static string Model(TempDir dir)
    {
        var r = CliRun.Invoke("train", "--data", "xor", "--epochs", "2", "--quiet", "--out", dir.File("model.json"));
        Assert.True(r.Code == 0, r.Err);
        return dir.File("model.json");
    }

    [Theory]
    [InlineData(245)] // the temporary name would pass 255 bytes: the save failed only after training
    [InlineData(300)] // the name itself is too long
    public void A_name_whose_temporary_name_does_not_fit_is_refused_before_training(int length)
    {
        using var dir = new TempDir();
        var r = CliRun.Invoke("train", "--data", "xor", "--epochs", "2", "--out", dir.File(new string('n', length)));
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.Contains($"mlp: --out: the file name \"nnnnnnnnnnnnnnnnnnnnnnnn…\" is {length} bytes long; at most 237 fit", r.Err);
        Assert.DoesNotContain("epoch", r.Out);
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void The_longest_names_that_fit_are_saved()
    {
        using var dir = new TempDir();
        var model = Model(dir);
        // 255 bytes for .NAME.mlp-tmp-XXXXXXXX: 237 for the name
        var csv = dir.File(new string('p', Files.MaxNameBytes - ".".Length - ".mlp-tmp-".Length - 8));
        var predicted = CliRun.Invoke("predict", "--model", model, "--data", "xor", "--out", csv);
        Assert.True(predicted.Code == 0, predicted.Err);
        Assert.Contains($"4 prediction(s) written to {csv}", predicted.Out);

        // train --out needs room for NAME.diverged.json too, where a diverged run would write: 223 + ".json"
        var longest = dir.File(new string('m', 223) + ".json");
        var trained = CliRun.Invoke("train", "--data", "xor", "--epochs", "2", "--quiet", "--out", longest);
        Assert.True(trained.Code == 0, trained.Err);
        var tooLong = CliRun.Invoke("train", "--data", "xor", "--epochs", "2", "--quiet", "--out", dir.File(new string('m', 224) + ".json"));
        Assert.Equal(2, tooLong.Code);
        Assert.Contains($"mlp: --out: a diverged run would write its last good network to '{dir.File(new string('m', 224) + ".diverged.json")}': " +
            "the file name \"mmmmmmmmmmmmmmmmmmmmmmmm…\" is 238 bytes long; at most 237 fit", tooLong.Err);
        Assert.Equal(new[] { model, csv, longest }.Order(), dir.Files().Order());
    }

    [Fact]
    public void A_link_to_a_model_file_is_kept_and_the_file_it_leads_to_replaced()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("real.json"), "old");
        File.CreateSymbolicLink(dir.File("current.json"), "real.json");
        var r = CliRun.Invoke("train", "--data", "xor", "--epochs", "2", "--quiet", "--out", dir.File("current.json"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("real.json", new FileInfo(dir.File("current.json")).LinkTarget);
        Assert.StartsWith("{", File.ReadAllText(dir.File("real.json")));
        Assert.Equal(2, dir.Files().Length); // no temporary file left
    }

    [Fact]
    public void Predict_out_dash_writes_to_standard_output()
    {
        using var dir = new TempDir();
        var model = Model(dir);
        var r = CliRun.Invoke("predict", "--model", model, "--data", "xor", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(CliRun.Invoke("predict", "--model", model, "--data", "xor").Out, r.Out);
        Assert.StartsWith("y\n", r.Out);
        Assert.False(File.Exists("-"));
        Assert.Equal([model], dir.Files());
    }

    [Fact]
    public void Temporary_names_are_hidden_and_recognisable()
    {
        var name = Files.TemporaryName("model.json");
        Assert.Matches(new Regex(@"^\.model\.json\.mlp-tmp-[a-z0-9]{8}$"), name);
        Assert.NotEqual(name, Files.TemporaryName("model.json"));
    }
}
