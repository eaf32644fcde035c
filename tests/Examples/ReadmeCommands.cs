using System.Runtime.CompilerServices;
using Mlp.Io;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>Command lines of the README, run as written, so that they keep their word.</summary>
public class ReadmeCommands
{
    // The README beside this repository's tests (found from this file's path at build time).
    private static string Readme([CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "README.md"));

    [Fact]
    public void The_xor_example_learns_xor_to_100_percent()
    {
        var line = Readme().Split('\n').Single(l => l.StartsWith("mlp train --data xor", StringComparison.Ordinal));
        var args = line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        using var dir = new TempDir();
        for (var i = 1; i < args.Length; i++)
            if (args[i - 1] is "--out" or "--plot" or "--plot-boundary") args[i] = dir.File(args[i]); // what it writes, written aside

        var r = CliRun.Invoke(args);
        Assert.True(r.Code == 0, r.Err);
        Assert.Matches(@"│ train\s+│\s+\d\.\d{4} │\s+1\.000 │", r.Out);
        var model = ModelFile.Load<float>(dir.File("xor.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        var xor = BuiltIn.Xor<float>();
        Assert.Equal(xor.Labels.ToArray(), model.Classify(xor.Features).ToArray());
        Assert.Equal(["curves.png", "regions.png", "xor.json"], dir.Files().Select(Path.GetFileName).Order());
    }
}
