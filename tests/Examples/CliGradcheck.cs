using Xunit;

namespace Mlp.Tests.Examples;

/// <summary><c>mlp gradcheck</c>: a healthy network passes with a table per layer; an impossible tolerance fails with exit 1.</summary>
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
}
