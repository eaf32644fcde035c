using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Three steps of each rule on one scalar, θ₀ = 1, with the gradients g₁ = 0.5, g₂ = −0.25,
/// g₃ = 1 (fixed, as if read off a loss), η = 0.1 unless stated. Expected values are worked
/// out by hand from PyTorch's documented algorithms (torch.optim.*) and asserted to 1e-12.
/// </summary>
public class OptimizerWorkedSteps
{
    private const double Tol = 1e-12;
    private static readonly double[] Grads = [0.5, -0.25, 1.0];

    private static ParamSet<double> Scalar(double x) => new([Matrix<double>.FromRows([x])]);

    /// <summary>θ after each of the three steps, and the final state.</summary>
    private static (double[] Thetas, OptState State) Steps(IGradientTransform opt)
    {
        var p = Scalar(1.0);
        var s = opt.Init(p);
        var thetas = new double[Grads.Length];
        for (var k = 0; k < Grads.Length; k++)
        {
            (var u, s) = opt.Update(Scalar(Grads[k]), s, p);
            p = Updates.Apply(p, u);
            thetas[k] = p[0][0, 0];
        }
        return (thetas, s);
    }

    private static void AssertThetas(double[] expected, double[] actual)
    {
        for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], Tol);
    }

    [Fact]
    public void Sgd_steps_against_the_gradient()
    {
        // θ ← θ − ηg: 1 − 0.05 = 0.95; 0.95 + 0.025 = 0.975; 0.975 − 0.1 = 0.875.
        AssertThetas([0.95, 0.975, 0.875], Steps(Optimizers.Sgd(0.1)).Thetas);
    }

    [Fact]
    public void Sgd_weight_decay_adds_lambda_theta_to_the_gradient()
    {
        // λ = 0.1, g ← g + λθ: g₁ = 0.5 + 0.1 = 0.6 → θ₁ = 0.94;
        // g₂ = −0.25 + 0.094 = −0.156 → θ₂ = 0.9556; g₃ = 1 + 0.09556 = 1.09556 → θ₃ = 0.846044.
        AssertThetas([0.94, 0.9556, 0.846044], Steps(Optimizers.Sgd(0.1, weightDecay: 0.1)).Thetas);
    }

    [Fact]
    public void Momentum_accumulates_a_buffer_starting_at_the_first_gradient()
    {
        // μ = 0.9, b ← μb + g with b₁ = g₁: b = 0.5, 0.45 − 0.25 = 0.2, 0.18 + 1 = 1.18;
        // θ ← θ − ηb: 0.95, 0.93, 0.812.
        var (thetas, state) = Steps(Optimizers.Momentum(0.1, momentum: 0.9));
        AssertThetas([0.95, 0.93, 0.812], thetas);
        var buffer = Assert.IsType<MomentumState<double>>(((ChainState)state).Inner[0]).Buffer;
        Assert.Equal(1.18, buffer[0][0, 0], Tol);
    }

    [Fact]
    public void Nesterov_looks_ahead_along_the_buffer()
    {
        // Same buffers 0.5, 0.2, 1.18; step g + μb: 0.5 + 0.45 = 0.95, −0.25 + 0.18 = −0.07,
        // 1 + 1.062 = 2.062; θ: 1 − 0.095 = 0.905, 0.905 + 0.007 = 0.912, 0.912 − 0.2062 = 0.7058.
        AssertThetas([0.905, 0.912, 0.7058], Steps(Optimizers.Nesterov(0.1, momentum: 0.9)).Thetas);
    }

    [Fact]
    public void Adam_follows_pytorchs_bias_corrected_rule()
    {
        // m ← m + 0.1(g − m), v ← 0.999v + 0.001g², bc₁ = 1 − 0.9ᵗ, bc₂ = 1 − 0.999ᵗ,
        // denom = √v/√bc₂ + 1e-8, θ ← θ − (η/bc₁)·m/denom.
        // t=1: m = 0.05, v = 0.00025, bc₁ = 0.1, bc₂ = 0.001, denom = 0.5 + 1e-8,
        //      step = 0.05/(0.5 + 1e-8)/0.1·0.1 = 0.099999998 → θ₁ = 0.900000002.
        // t=2: m = 0.05 + 0.1(−0.3) = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225,
        //      bc₁ = 0.19, bc₂ = 0.001999, denom = √0.00031225/√0.001999 + 1e-8 = 0.39522539070…,
        //      step = (0.1/0.19)·0.02/denom = 0.02663370329… → θ₂ = 0.87336629870784…
        // t=3: m = 0.02 + 0.1·0.98 = 0.118, v = 0.999·0.00031225 + 0.001 = 0.00131193775,
        //      bc₁ = 0.271, bc₂ = 0.002997001, denom = 0.66162693478…,
        //      step = (0.1/0.271)·0.118/denom = 0.06581115903… → θ₃ = 0.80755513967709…
        var (thetas, state) = Steps(Optimizers.Adam(0.1));
        AssertThetas([0.900000002, 0.8733662987078462, 0.8075551396770897], thetas);
        var adam = Assert.IsType<AdamState<double>>(((ChainState)state).Inner[0]);
        Assert.Equal(3, adam.Count);
        Assert.Equal(0.118, adam.Mu[0][0, 0], Tol);
        Assert.Equal(0.00131193775, adam.Nu[0][0, 0], Tol);
    }

    [Fact]
    public void Adam_weight_decay_is_coupled_into_the_gradient()
    {
        // λ = 0.1, g ← g + λθ before the moments: g₁ = 0.6, m = 0.06, v = 0.00036,
        // denom = 0.6 + 1e-8, θ₁ = 1 − 0.06/(0.6 + 1e-8) = 0.90000000166666…;
        // g₂ = −0.25 + 0.09000000017 = −0.15999999983, m = 0.03800000002, v = 0.00038523999995,
        // θ₂ = 0.85444136746176…; g₃ = 1.08544413675, θ₃ = 0.78150439986317 (same rule as above).
        AssertThetas([0.9000000016666666, 0.8544413674617625, 0.7815043998631658],
            Steps(Optimizers.Adam(0.1, weightDecay: 0.1)).Thetas);
    }

    [Fact]
    public void AdamW_decays_the_weights_before_the_adam_step()
    {
        // λ = 0.1: θ ← θ(1 − ηλ) = 0.99θ, then the plain Adam step (same steps as Adam above):
        // θ₁ = 0.99 − 0.099999998 = 0.890000002; θ₂ = 0.99·θ₁ − 0.02663370329 = 0.85446629868…;
        // θ₃ = 0.99·θ₂ − 0.06581115903 = 0.78011047667…
        AssertThetas([0.890000002, 0.8544662986878462, 0.7801104766702112],
            Steps(Optimizers.AdamW(0.1, weightDecay: 0.1)).Thetas);
    }

    [Fact]
    public void RmsProp_divides_by_the_root_mean_square()
    {
        // PyTorch defaults: η = 0.01, α = 0.99, ε = 1e-8; v ← αv + (1−α)g², θ ← θ − ηg/(√v + ε).
        // v₁ = 0.0025, √v₁ + ε = 0.05000001 → θ₁ = 1 − 0.005/0.05000001 = 0.90000001999996;
        // v₂ = 0.002475 + 0.000625 = 0.0031, √v₂ + ε = 0.05567765363 → θ₂ = θ₁ + 0.0025/0.05567765363 = 0.94490133744…;
        // v₃ = 0.003069 + 0.01 = 0.013069, √v₃ + ε = 0.11431973708 → θ₃ = θ₂ − 0.01/0.11431973708 = 0.85742737839…
        var (thetas, state) = Steps(Optimizers.RmsProp());
        AssertThetas([0.900000019999996, 0.9449013374421751, 0.8574273783928595], thetas);
        Assert.Equal(0.013069, Assert.IsType<RmsState<double>>(((ChainState)state).Inner[0]).Nu[0][0, 0], Tol);
    }

    [Fact]
    public void Clipping_scales_by_max_over_norm_plus_a_millionth()
    {
        // Leaves (3) and (4): global norm 5; max 1 → scale 1/(5 + 1e-6) = 0.199999960000008.
        var g = new ParamSet<double>([Matrix<double>.FromRows([3.0]), Matrix<double>.FromRows([4.0])]);
        var clip = new ClipByGlobalNorm(1.0);
        var (u, _) = clip.Update(g, clip.Init(g), g);
        Assert.Equal(0.599999880000024, u[0][0, 0], Tol);
        Assert.Equal(0.799999840000032, u[1][0, 0], Tol);
    }

    [Fact]
    public void Schedules_give_the_worked_rates()
    {
        // Warm-up 0 → 0.1 over 2 steps, cosine to 0.01 at step 6: at 4 (halfway) ½(0.1 + 0.01).
        var cosine = new WarmupCosine(0.1, 2, 6, Min: 0.01);
        Assert.Equal([0.0, 0.05, 0.1, 0.055, 0.01], new[] { 0, 1, 2, 4, 6 }.Select(cosine.At), new Tol12());
        // StepLR(step_size=3, γ=0.5): 0.1 for steps 0–2, 0.05 for 3–5, 0.025 from 6.
        var step = new StepDecay(0.1, 3, 0.5);
        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], new[] { 0, 2, 3, 5, 6 }.Select(step.At), new Tol12());
        // Per epoch of 4 updates: updates 0–3 are epoch 0, update 4 starts epoch 1.
        var epochs = new PerEpoch(new StepDecay(0.1, 1, 0.5), 4);
        Assert.Equal([0.1, 0.1, 0.05, 0.025], new[] { 0, 3, 4, 8 }.Select(epochs.At), new Tol12());
    }

    private sealed class Tol12 : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= Tol;
        public int GetHashCode(double x) => 0;
    }
}
