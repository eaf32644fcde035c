using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Initialisers (seed 4.2; Glorot &amp; Bengio 2010, He et al. 2015): bounds, sample moments on
/// wide layers, determinism from the seed, zero biases. The expected values are written out
/// here from the formulas, not taken from the library.
/// </summary>
[Properties(Arbitrary = new[] { typeof(Arbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class InitProps
{
    // Statistical checks allow 6 standard errors: two-sided, each fails a correct initialiser
    // with probability 2e-9, so ~1,200 checks a run give a false failure once in ~400,000 runs.
    private const double StandardErrors = 6;

    /// <summary>Xavier: <c>√(6/(fan_in + fan_out))</c>; He: <c>√(6/fan_in)</c>.</summary>
    private static double Limit(Initializer init, int fanIn, int fanOut) =>
        init == Initializer.XavierUniform ? Math.Sqrt(6.0 / (fanIn + fanOut)) : Math.Sqrt(6.0 / fanIn);

    /// <summary>Xavier (uniform <c>l²/3</c> or normal): <c>2/(fan_in + fan_out)</c>; He: <c>2/fan_in</c>.</summary>
    private static double Variance(Initializer init, int fanIn, int fanOut) =>
        init is Initializer.XavierUniform or Initializer.XavierNormal ? 2.0 / (fanIn + fanOut) : 2.0 / fanIn;

    private static bool IsUniform(Initializer init) => init is Initializer.XavierUniform or Initializer.HeUniform;

    [Property]
    public Property Uniform_weights_lie_within_the_limit(Layer l) =>
        WithinLimit<float>(l, Initializer.XavierUniform).And(WithinLimit<double>(l, Initializer.XavierUniform))
            .And(WithinLimit<float>(l, Initializer.HeUniform)).And(WithinLimit<double>(l, Initializer.HeUniform));

    /// <summary>
    /// On a wide layer (10⁴–4·10⁴ draws) the sample mean is near 0, the mean square near the
    /// variance, and the share of weights within one standard deviation near the distribution's
    /// (1/√3 for uniform, 0.6827 for normal), each within 6 standard errors.
    /// </summary>
    [Property]
    public Property Wide_layers_have_the_initialisers_moments(WideLayer w)
    {
        var result = true.ToProperty();
        foreach (var init in Init.All)
        {
            var (weight, _) = Init.Weight<double>(init, w.FanIn, w.FanOut, Rng.FromSeed(w.Seed));
            var n = (double)weight.Length;
            var variance = Variance(init, w.FanIn, w.FanOut);
            var sigma = Math.Sqrt(variance);
            double sum = 0, sumSquares = 0, within = 0;
            foreach (var x in weight.Span) { sum += x; sumSquares += x * x; within += Math.Abs(x) <= sigma ? 1 : 0; }
            var (mean, meanSquare, share) = (sum / n, sumSquares / n, within / n);
            // Var(w²) = μ₄ − σ⁴: μ₄ = 9σ⁴/5 for a uniform, 3σ⁴ for a normal.
            var squareError = variance * Math.Sqrt((IsUniform(init) ? 0.8 : 2.0) / n);
            var p = IsUniform(init) ? 1 / Math.Sqrt(3) : 0.6826894921370859;
            var shareError = Math.Sqrt(p * (1 - p) / n);
            var name = $"{init.Name()} {w.FanIn}→{w.FanOut}";
            result = result
                .And((Math.Abs(mean) <= StandardErrors * sigma / Math.Sqrt(n)).Label($"{name}: mean {mean}"))
                .And((Math.Abs(meanSquare - variance) <= StandardErrors * squareError)
                    .Label($"{name}: variance {meanSquare}, expected {variance} ± {squareError}"))
                .And((Math.Abs(share - p) <= StandardErrors * shareError)
                    .Label($"{name}: {share} within one σ, expected {p} ± {shareError}"));
        }
        return result;
    }

    /// <summary>
    /// A network from a seed: the same seed gives identical weights (bit for bit), another seed
    /// other weights; every weight is <c>[fan_out × fan_in]</c> and every bias is zero.
    /// </summary>
    [Property]
    public Property Networks_are_deterministic_from_the_seed_with_zero_biases(NetSpec spec) =>
        Deterministic<float>(spec).And(Deterministic<double>(spec));

    private static Property WithinLimit<T>(Layer l, Initializer init) where T : IFloatingPointIeee754<T>
    {
        var (weight, _) = Init.Weight<T>(init, l.FanIn, l.FanOut, Rng.FromSeed(l.Seed));
        // Rounding to T is monotonic, so a draw below the exact limit stays below the rounded limit.
        var limit = T.CreateChecked(Limit(init, l.FanIn, l.FanOut));
        var outside = weight.Data.Count(x => T.Abs(x) > limit);
        return (weight.Rows == l.FanOut && weight.Cols == l.FanIn && outside == 0)
            .Label($"{typeof(T).Name} {init.Name()} {l.FanIn}→{l.FanOut}: {weight.Rows}×{weight.Cols}, {outside} outside ±{limit}");
    }

    private static Property Deterministic<T>(NetSpec spec) where T : IFloatingPointIeee754<T>
    {
        var result = true.ToProperty();
        foreach (var init in Init.All)
        {
            var a = Init.Network<T>(spec.Sizes, spec.Activations, init, Rng.FromSeed(spec.Seed));
            var b = Init.Network<T>(spec.Sizes, spec.Activations, init, Rng.FromSeed(spec.Seed));
            var other = Init.Network<T>(spec.Sizes, spec.Activations, init, Rng.FromSeed(spec.Seed + 1L));
            var bySeed = Init.Network<T>(spec.Sizes, spec.Activations[0], spec.Output, init, spec.Seed);
            var shapes = a.Layers.Select((layer, l) => layer.Weight.Rows == spec.Sizes[l + 1]
                && layer.Weight.Cols == spec.Sizes[l] && layer.Activation == spec.Activations[l]).All(ok => ok);
            var zeroBiases = a.Layers.All(layer => layer.Bias.Equals(Matrix<T>.Zeros(1, layer.Out)));
            var name = $"{typeof(T).Name} {init.Name()} {spec}";
            result = result
                .And(a.Equals(b).Label($"{name}: same seed, different networks"))
                .And((!a.Equals(other)).Label($"{name}: seeds {spec.Seed} and {spec.Seed + 1L} gave the same network"))
                .And(bySeed.Layers.Select(l => l.Weight).SequenceEqual(a.Layers.Select(l => l.Weight))
                    .Label($"{name}: the seed overload draws other weights than Rng.FromSeed(seed)"))
                .And(shapes.Label($"{name}: shapes {a}"))
                .And(zeroBiases.Label($"{name}: non-zero bias"));
        }
        return result;
    }
}
