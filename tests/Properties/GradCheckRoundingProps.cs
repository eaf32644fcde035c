using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// The rounding allowance of a gradient check (<see cref="GradCheck.RoundingError"/>) covers the
/// noise a large loss puts into central differences: an unscaled regression target (up to 10⁴)
/// makes a loss of 10⁸, whose differences at h = 1e-6 are off by far more than 1e-6, yet correct
/// gradients stay within 1e-6 of the allowance.
/// </summary>
[Properties(Arbitrary = new[] { typeof(Arbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class GradCheckRoundingProps
{
    private const double H = 1e-6; // mlp gradcheck's default step

    [Property]
    public Property Correct_gradients_of_a_large_loss_pass_above_rounding(NetSpec spec, NonNegativeInt power)
    {
        var mse = spec with { Loss = Loss.Mse, Activations = spec.Activations.SetItem(spec.Depth - 1, Activation.Identity) };
        var scale = Math.Pow(10, power.Get % 5);
        var (net, x, t0) = (mse.Network<double>(), mse.Inputs<double>(), mse.Targets<double>());
        var t = Matrix<double>.Build(t0.Rows, t0.Cols, (i, j) => scale * t0[i, j]);
        return Prop.When(GradCheckProps.Checkable(net, x, t, Loss.Mse), () =>
        {
            var report = GradCheck.Run(net, x, t, Loss.Mse, H);
            return (report.PassesAboveRounding(1e-6) && report.Layers.All(l => l.Rounding > 0))
                .Label($"{mse}, targets ×{scale}: loss {report.Loss}, {report.Layers.MaxBy(l => l.Unexplained)}");
        });
    }
}
