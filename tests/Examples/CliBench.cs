using System.Globalization;
using Mlp.Cli;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary><c>mlp bench</c> runs the peer's workloads and prints its RESULT lines (timings themselves are for notes, not tests).</summary>
public class CliBench
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Raw_output_has_five_positive_figures_per_workload_like_the_peer()
    {
        var (code, output, _) = Run("bench", "--only", "d,e,infer1", "--seconds", "0.02", "--quiet-cores", "0", "--raw", "--threads", "1");
        Assert.Equal(0, code);
        var lines = output.Split('\n').Where(l => l.StartsWith("RESULT mlp ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["d samples/s", "e steps/s", "infer1 samples/s", "infer1 us/batch"],
            lines.Select(l => string.Join(" ", l.Split(' ')[2..4])));
        Assert.All(lines, l =>
        {
            var figures = l.Split(' ')[4..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(5, figures.Count);
            Assert.All(figures, f => Assert.True(f > 0 && double.IsFinite(f)));
        });
    }

    [Fact]
    public void The_table_names_each_workload_and_its_unit()
    {
        var (code, output, _) = Run("bench", "--only", "e", "--seconds", "0.02", "--quiet-cores", "0");
        Assert.Equal(0, code);
        Assert.Contains("steps/s", output);
        Assert.Contains("2-2-1 sigmoid/sigmoid", output);
    }

    [Theory]
    [InlineData("--only", "a,zz", "--only: unknown workload \"zz\"")]
    [InlineData("--threads", "0", "--threads: expected a whole number from 1 to 256")]
    [InlineData("--seconds", "-1", "--seconds: expected a number of seconds")]
    public void Bad_options_exit_2_with_one_line(string flag, string value, string message)
    {
        var (code, output, err) = Run("bench", flag, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("RESULT", output);
        Assert.DoesNotContain("   at ", err);
    }
}
