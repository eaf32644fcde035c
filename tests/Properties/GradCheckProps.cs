using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// The backward pass against central differences, in double (seed 3.2; PyTorch's gradcheck),
/// over generated architectures, losses, batches and targets; and two negative controls
/// showing the comparison can fail.
/// </summary>
[Properties(Arbitrary = new[] { typeof(Arbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class GradCheckProps
{
    private const double H = 1e-4;          // GradCheck.Run's default step
    private const double Tolerance = 1e-6;  // the bound on the relative error
    // The stencil moves a parameter by up to 2h; a layer or two further on that moves z by a few
    // times more, so keep every relu/leaky-relu z 50× that far from the kink.
    private const double KinkMargin = 100 * H;

    [Property]
    public Property Backward_agrees_with_central_differences(NetSpec spec)
    {
        var (net, x, t) = (spec.Network<double>(), spec.Inputs<double>(), spec.Targets<double>());
        return Prop.When(Checkable(net, x, t, spec.Loss), () =>
        {
            var report = GradCheck.Run(net, x, t, spec.Loss, H);
            return (report.WorstError < Tolerance).Label($"{spec}: {report.Layers.MaxBy(l => l.WorstError)}");
        });
    }

    /// <summary>
    /// Every activation in every run, not only those the generator happens to draw: for each, a
    /// small two-layer network (widths ≤ 4, batch ≤ 4, sizes and numbers from the case) with it
    /// as the hidden and the mse output activation, and with it hidden under a softmax +
    /// cross-entropy and a sigmoid + binary cross-entropy output.
    /// </summary>
    [Property]
    public Property Every_activation_passes_hidden_and_at_the_output(NetSpec spec)
    {
        var result = true.ToProperty();
        foreach (var act in Activations.All)
            foreach (var (loss, output) in new[] { (Loss.Mse, act), (Loss.CrossEntropy, Activation.Softmax), (Loss.BinaryCrossEntropy, Activation.Sigmoid) })
            {
                var small = spec with
                {
                    Sizes = [Math.Min(spec.Sizes[0], 4), Math.Min(spec.Sizes[1], 4), Math.Min(spec.Sizes[^1], 4)],
                    Activations = [act, output], Loss = loss, Batch = Math.Min(spec.Batch, 4),
                };
                var (net, x, t) = (small.Network<double>(), small.Inputs<double>(), small.Targets<double>());
                if (!Checkable(net, x, t, loss)) continue; // rare; the other cases and runs cover it
                var report = GradCheck.Run(net, x, t, loss, H);
                result = result.And((report.WorstError < Tolerance).Label($"{small}: {report.Layers.MaxBy(l => l.WorstError)}"));
            }
        return result;
    }

    /// <summary>
    /// One analytic entry moved by 10× the tolerance (relative) is reported, at that entry;
    /// unmoved, the same comparison passes and agrees with <see cref="GradCheck.Run{T}"/> bit for bit.
    /// </summary>
    [Property]
    public Property A_corrupted_gradient_entry_is_reported_where_it_is(NetSpec spec)
    {
        var (net, x, t) = (spec.Network<double>(), spec.Inputs<double>(), spec.Targets<double>());
        return Prop.When(Checkable(net, x, t, spec.Loss), () =>
        {
            var analytic = Grad.Backward(net, Network.Forward(net, x), t, spec.Loss);
            var numeric = GradCheck.Numerical(net, x, t, spec.Loss, H);
            var (leaf, index) = Pick(analytic, spec.Seed);
            var g = analytic[leaf].Span[index];
            var moved = g + 10 * Tolerance * Math.Max(1e-2, Math.Abs(g)); // the RelativeError floor
            var corrupted = Replace(analytic, leaf, index, moved);
            var clean = Worst(analytic, numeric);
            var bad = Worst(corrupted, numeric);
            var run = GradCheck.Run(net, x, t, spec.Loss, H).WorstError;
            return (clean.Error < Tolerance).Label($"clean {clean}")
                .And((clean.Error == run).Label($"comparison {clean.Error} vs GradCheck.Run {run}"))
                .And((bad.Error > Tolerance && bad.Leaf == leaf && bad.Index == index)
                    .Label($"corrupted leaf {leaf}[{index}], reported {bad}"));
        });
    }

    /// <summary>
    /// A backward pass that forgets the output activation's derivative (mse through a sigmoid
    /// or tanh output, using <c>(y − t)/B</c> as if the output were the identity) fails the check.
    /// </summary>
    [Property]
    public Property A_missing_output_derivative_fails_the_check(NetSpec spec, bool tanh)
    {
        var output = tanh ? Activation.Tanh : Activation.Sigmoid;
        var mse = spec with { Loss = Loss.Mse, Activations = spec.Activations.SetItem(spec.Depth - 1, output) };
        var (net, x, t) = (mse.Network<double>(), mse.Inputs<double>(), mse.Targets<double>());
        return Prop.When(Checkable(net, x, t, Loss.Mse), () =>
        {
            var trace = Network.Forward(net, x);
            var wrongDelta = LossFunctions.OutputDelta(Loss.Mse, Activation.Identity, trace.Z[^1], trace.Output, t);
            var wrong = Network.Backpropagate(net, trace, wrongDelta).Gradients;
            var bad = Worst(wrong, GradCheck.Numerical(net, x, t, Loss.Mse, H));
            return (bad.Error > Tolerance).Label($"{mse}: wrong gradients passed with {bad}");
        });
    }

    /// <summary>
    /// Where central differences can judge the gradient: no relu or leaky-relu pre-activation
    /// within <see cref="KinkMargin"/> of its kink; no output inside the loss's clipping range
    /// (the value is flat there, the fused gradient is not); and for binary cross-entropy
    /// <c>1 − y ≥ 1e-3</c>, since <c>ln(1 − y)</c> of a saturated sigmoid carries a rounding
    /// error of <c>1e-16/(1 − y)</c>, which the difference quotient divides by h.
    /// </summary>
    public static bool Checkable(Network<double> net, Matrix<double> x, Matrix<double> t, Loss loss)
    {
        var trace = Network.Forward(net, x);
        for (var l = 0; l < net.Layers.Length; l++)
            if (net.Layers[l].Activation is Activation.Relu or Activation.LeakyRelu)
                foreach (var z in trace.Z[l].Span)
                    if (Math.Abs(z) < KinkMargin) return false;
        var y = trace.Output.Span;
        var eps = LossFunctions.Epsilon<double>();
        for (var i = 0; i < y.Length; i++)
        {
            if (loss == Loss.CrossEntropy && t.Span[i] != 0 && y[i] < 10 * eps) return false;
            if (loss == Loss.BinaryCrossEntropy && (y[i] < 10 * eps || 1 - y[i] < 1e-3)) return false;
        }
        return true;
    }

    /// <summary>The worst <see cref="GradCheck.RelativeError"/> over every leaf, as <see cref="GradCheck.Run{T}"/> computes it.</summary>
    public static (double Error, int Leaf, int Index) Worst(ParamSet<double> analytic, ParamSet<double> numeric)
    {
        (double Error, int Leaf, int Index) worst = (0, -1, -1);
        for (var leaf = 0; leaf < analytic.Count; leaf++)
            for (var i = 0; i < analytic[leaf].Length; i++)
            {
                var err = GradCheck.RelativeError(analytic[leaf].Span[i], numeric[leaf].Span[i]);
                if (double.IsNaN(err)) err = double.PositiveInfinity;
                if (err > worst.Error) worst = (err, leaf, i);
            }
        return worst;
    }

    private static (int Leaf, int Index) Pick(ParamSet<double> p, int seed)
    {
        var (r, _) = Rng.FromSeed(seed).Split(); // not the streams the case's numbers came from
        var s = new Sampler(r);
        var leaf = s.NextInt(p.Count);
        return (leaf, s.NextInt(p[leaf].Length));
    }

    private static ParamSet<double> Replace(ParamSet<double> p, int leaf, int index, double value)
    {
        var data = p[leaf].ToArray();
        data[index] = value;
        return new ParamSet<double>(p.Leaves.SetItem(leaf, Matrix<double>.Create(p[leaf].Rows, p[leaf].Cols, data)));
    }
}
