using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Mlp.Cli;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary><c>mlp walkthrough</c> prints every number of the seed's section 3.2, in the seed's order.</summary>
public class CliWalkthrough
{
    // Every number the seed prints in 3.2, in the order it prints them.
    private static readonly string[] SeedNumbers =
    [
        "0.800", "-0.300", "0.690", "0.426", "0.616", "0.649", "0.211", "0.25", "0.228", "0.148", "0.214",
        "0.032", "0.036", "0.102", "0.063", "0.949", "0.968", "-0.574", "0.484", "-0.518", "-0.216", "0.682",
    ];

    // Finds each number as a whole token (not inside a longer one), each after the previous.
    private static void AssertInOrder(string text, IEnumerable<string> numbers)
    {
        var at = 0;
        foreach (var n in numbers)
        {
            var m = new Regex($@"(?<![\d.\-]){Regex.Escape(n)}(?![\d])").Match(text, at);
            Assert.True(m.Success, $"'{n}' not found after position {at}:\n{text[at..]}");
            at = m.Index + m.Length;
        }
    }

    [Theory]
    [InlineData("en", "Step 1: Forward Propagation", "Output Layer Error Calculation:", "✓ The results match!")]
    [InlineData("zh", "步骤1：前向传播", "输出层误差计算：", "✓ 结果匹配！")]
    public void Prints_every_number_of_the_seed_in_order(string lang, string step1, string outputError, string match)
    {
        var r = CliRun.Invoke("walkthrough", "--lang", lang);
        Assert.Equal(0, r.Code);
        Assert.Equal("", r.Err);
        AssertInOrder(r.Out, SeedNumbers);
        Assert.Contains(step1, r.Out);
        Assert.Contains(outputError, r.Out);
        Assert.Contains(match, r.Out);
    }

    [Fact]
    public void Lines_show_the_formula_with_numbers_substituted()
    {
        var r = CliRun.Invoke("walkthrough");
        Assert.Contains("z1(1) = w11(1)·x1 + w12(1)·x2 + b1(1) = 0.5 × 1 + 0.5 × 1 + (-0.2) = 0.800", r.Out);
        Assert.Contains("h1 = σ(0.800) = 1/(1+e^(-0.800)) = 1/(1+0.449) = 0.690", r.Out);
        Assert.Contains("L = ½(t − y)² = ½(0 − 0.649)² = ½ × 0.421 = 0.211", r.Out);
        Assert.Contains("δ1(1) = δ(2) × w1(2) × σ'(z1(1)) = 0.148 × 1.0 × 0.214 = 0.032", r.Out);
        Assert.Contains("w1(2),new = w1(2) − η × ∂L/∂w1(2) = 1.0 − 0.5 × 0.102 = 1.0 − 0.051 = 0.949", r.Out);
    }

    [Fact]
    public void Shows_both_the_exact_value_and_the_seeds_step_by_step_rounding()
    {
        // 1 − 0.5 × 0.06292 = 0.96854 prints as 0.969; the seed rounds 0.5 × 0.063 to 0.032 first.
        var r = CliRun.Invoke("walkthrough");
        Assert.Contains("= 1.0 − 0.5 × 0.063 = 1.0 − 0.031 = 0.969", r.Out);
        Assert.Contains("0.5 × 0.063 = 0.032, 1.0 − 0.032 = 0.968", r.Out);
        // The exact values elsewhere agree with the seed, so no other line carries the note.
        Assert.Single(Regex.Matches(r.Out, "as the seed does"));
    }

    [Fact]
    public void Another_sample_and_learning_rate_walk_the_same_network()
    {
        var r = CliRun.Invoke("walkthrough", "--x", "0,1", "--t", "1", "--lr", "0.1");
        Assert.Equal(0, r.Code);
        var net = WalkthroughCase.Seed.Net;
        var x = Matrix<double>.FromRows([0.0, 1.0]);
        var next = GradientDescent.Step(net, Grad.Backward(net, Network.Forward(net, x), Matrix<double>.FromRows([1.0]), Loss.Mse), 0.1);
        AssertInOrder(r.Out, [Notation.V(Network.Predict(net, x)[0, 0]), .. next.Layers[1].Weight.Data.Select(Notation.V),
            Notation.V(next.Layers[1].Bias[0, 0]), .. next.Layers[0].Weight.Data.Select(Notation.V)]);
    }

    [Fact]
    public void Any_small_network_is_walked_with_the_librarys_numbers()
    {
        // 3 inputs → 2 tanh → 3 softmax with cross-entropy: the fused δ = y − t and a sum over units above.
        var rng = Rng.FromSeed(7);
        var net = Init.Network<double>([3, 2, 3], [Activation.Tanh, Activation.Softmax], Initializer.XavierUniform, rng);
        var c = new WalkthroughCase(net, [0.5, -1.0, 2.0], [0.0, 1.0, 0.0], 0.3, Loss.CrossEntropy);
        using var w = new StringWriter();
        Walkthrough.Print(c, WalkthroughText.English, w);
        var text = w.ToString();

        var x = Matrix<double>.FromRows([.. c.X]);
        var t = Matrix<double>.FromRows([.. c.T]);
        var trace = Network.Forward(net, x);
        var bp = Grad.Backpropagate(net, trace, t, Loss.CrossEntropy);
        var next = GradientDescent.Step(net, bp.Gradients, 0.3);
        AssertInOrder(text, [
            .. trace.Z[0].Data.Select(Notation.V), .. trace.A[1].Data.Select(Notation.V),
            Notation.V(LossFunctions.Value(Loss.CrossEntropy, trace.Output, t)),
            .. bp.Deltas[1].Data.Select(Notation.V), .. bp.Deltas[0].Data.Select(Notation.V),
            .. next.Layers[1].Weight.Data.Select(Notation.V), .. next.Layers[0].Bias.Data.Select(Notation.V)]);
        Assert.Contains("δ2(2) = ∂L/∂z2(2) = y2 − t2", text);
        Assert.Contains("δ1(1) = (δ1(2) × w11(2) + δ2(2) × w21(2) + δ3(2) × w31(2)) × tanh'(z1(1))", text);
        Assert.Contains("y1 = e^z1(2) / Σk e^zk(2) = ", text);
        Assert.DoesNotContain("Sigmoid", text);
        Assert.DoesNotContain("as the seed does", text); // random weights are not hand-written: no rounding note
    }

    [Theory]
    [InlineData("--lr", "1e30", "1.000e+30 × 0.102 = 1.0 − 1.020e+29 = -1.020e+29")]
    [InlineData("--lr", "1e300", "1.000e+300 × 0.102")]
    [InlineData("--x", "1e6,-2e6", "(x1, x2) = (1.000e+06, -2.000e+06)")]
    public void Any_finite_number_prints_in_scientific_notation_where_needed(string flag, string value, string expected)
    {
        var r = CliRun.Invoke("walkthrough", flag, value);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains(expected, r.Out);
        Assert.DoesNotContain("00000000000", r.Out); // no thirty-digit decimals
    }

    [Fact]
    public void Infinite_values_are_named_not_a_crash()
    {
        var r = CliRun.Invoke("walkthrough", "--x", "1e308,-1e308", "--lr", "1e308");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("0.5 − ∞ = -∞", r.Out);
        Assert.Contains("= ∞", r.Out);
    }

    [Fact]
    public void Notation_names_infinities_and_nan_and_keeps_the_seeds_decimals()
    {
        Assert.Equal(["0.690", "-0.300", "0.000", "1.020e+29", "-1.000e+06", "∞", "-∞", "NaN"],
            new[] { 0.69, -0.3, -0.0001, 1.02e29, -1e6, double.PositiveInfinity, double.NegativeInfinity, double.NaN }.Select(Notation.V));
        Assert.Equal(["0.5", "1.0", "1.000e+30"], new[] { 0.5, 1.0, 1e30 }.Select(Notation.P));
    }
}
