using System.Globalization;
using Mlp.Cli;
using Mlp.Data;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Examples;

/// <summary>
/// What the command line does, redone with the library: the same options checked and prepared,
/// the same trainer run, so tests can compare files and printed numbers with in-memory networks.
/// </summary>
internal static class CliLibrary
{
    /// <summary>The options of <c>mlp train <paramref name="args"/></c> (values after names, switches alone).</summary>
    public static TrainOptions Options(params string[] args)
    {
        var values = new Dictionary<string, string>();
        var switches = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) values[args[i]] = args[++i];
            else switches.Add(args[i]);
        return TrainCommand.Validate(values.GetValueOrDefault, switches.Contains)
            .Match(o => o, e => throw new Xunit.Sdk.XunitException(string.Join("; ", e)));
    }

    /// <summary>The plan and the network after the last epoch of <c>mlp train <paramref name="args"/></c>, trained in memory.</summary>
    public static (FitPlan<float> Plan, Network<float> Network) Train(params string[] args)
    {
        var plan = Plan(args);
        return (plan, Trainer.EpochsOf(plan.Run()).Last().Network);
    }

    /// <summary>The library's plan of <c>mlp train <paramref name="args"/></c>.</summary>
    public static FitPlan<float> Plan(params string[] args) =>
        TrainRunner.Plan(Options(args)).Match(p => p, e => throw new Xunit.Sdk.XunitException(e.Message));

    /// <summary>A CSV of numbers (a header, then rows) as a header and a matrix, every number parsed exactly.</summary>
    public static (string[] Header, Tensors.Matrix<float> Values) Numbers(string csv)
    {
        var data = Csv.Read<float>(csv, "output", new CsvOptions { Targets = [] })
            .Match(d => d, e => throw new Xunit.Sdk.XunitException(e.Message));
        return ([.. data.FeatureNames], data.Features);
    }

    /// <summary>The lines of a one-column CSV after its header.</summary>
    public static string[] Column(string csv, string header)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Xunit.Assert.Equal(header, lines[0]);
        return lines[1..];
    }

    /// <summary>Two columns, x1 and x2 in [−1, 1], and a label: <paramref name="second"/> when x1 + x2 &gt; 0.2.</summary>
    public static string TwoBlobs(int rows, string first, string second, long seed)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var lines = new List<string> { "x1,x2,label" };
        for (var i = 0; i < rows; i++)
        {
            var (a, b) = (2 * s.NextDouble() - 1, 2 * s.NextDouble() - 1);
            // The second class on the first row, so the file's order is not the class order.
            if (i == 0) (a, b) = (0.9, 0.8);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{a:0.###},{b:0.###},{(a + b > 0.2 ? second : first)}"));
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Two inputs and two numeric targets: a = x1 + 2·x2 + 0.5, b = x1·x2 − 0.25.</summary>
    public static string TwoTargets(int rows, long seed)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var lines = new List<string> { "x1,x2,a,b" };
        for (var i = 0; i < rows; i++)
        {
            var (x1, x2) = (2 * s.NextDouble() - 1, 2 * s.NextDouble() - 1);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x1:0.####},{x2:0.####},{x1 + 2 * x2 + 0.5:0.####},{x1 * x2 - 0.25:0.####}"));
        }
        return string.Join('\n', lines) + "\n";
    }
}
