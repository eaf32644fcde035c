using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Activations against independent oracles: the forward maps against scalar formulas (DESIGN.md's
/// conventions), each element-wise derivative against a central difference of the forward map,
/// the backward pass against <c>da ⊙ act′</c>, and softmax's backward against <c>Jᵀ·da</c> with
/// the Jacobian built element by element.
/// </summary>
[Properties(Arbitrary = new[] { typeof(Arbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class ActivationProps
{
    private const double Eps = 2.220446049250313e-16; // machine epsilon of double
    private const double H = 1e-5;

    private static readonly Activation[] ElementWise = Activations.All.Where(a => a != Activation.Softmax).ToArray();

    [Property]
    public Property Forward_matches_the_scalar_formulas(Block b) =>
        Forward<float>(b).And(Forward<double>(b));

    /// <summary>
    /// <c>act′(z) ≈ (act(z + h) − act(z − h)) / 2h</c> with h = 1e-5 (truncation ≈ h²/6·|act‴| ≤ 1e-10,
    /// rounding ≈ ε|act|/h ≤ 1e-10), skipping z within 2h of the relu/leaky-relu kink; at exactly
    /// 0 the derivative is PyTorch's: 0 for relu, 0.01 for leaky-relu.
    /// </summary>
    [Property]
    public Property Derivative_is_the_central_difference_of_Forward(Block b)
    {
        var z = Seeded.Uniform<double>(b.Rows, b.Cols, -4, 4, Rng.FromSeed(b.Seed));
        var result = true.ToProperty();
        foreach (var act in ElementWise)
        {
            var (a, d) = (Apply(act, z.Span), new double[z.Length]);
            Activations.Derivative<double>(act, z.Span, a, d);
            var plus = Apply(act, z.Data.Select(v => v + H).ToArray());
            var minus = Apply(act, z.Data.Select(v => v - H).ToArray());
            var worst = 0.0;
            for (var i = 0; i < z.Length; i++)
                if (!(act is Activation.Relu or Activation.LeakyRelu && Math.Abs(z.Span[i]) < 2 * H))
                    worst = Math.Max(worst, Math.Abs(d[i] - (plus[i] - minus[i]) / (2 * H)));
            result = result.And((worst <= 1e-8).Label($"{act.Name()}: worst |act′ − difference| = {worst}"));
        }
        double[] zero = [0.0, -0.0], d0 = new double[2];
        Activations.Derivative<double>(Activation.Relu, zero, Apply(Activation.Relu, zero), d0);
        var reluAtZero = d0.All(v => v == 0);
        Activations.Derivative<double>(Activation.LeakyRelu, zero, Apply(Activation.LeakyRelu, zero), d0);
        return result.And(reluAtZero.Label("relu′(0) must be 0"))
            .And(d0.All(v => v == Activations.LeakySlope).Label("leaky-relu′(0) must be 0.01"));
    }

    /// <summary>Back through an element-wise activation is <c>da ⊙ act′(z)</c>, out of place and in place.</summary>
    [Property]
    public Property Backward_is_da_times_the_derivative(Block b)
    {
        var (zRng, daRng) = Rng.FromSeed(b.Seed).Split();
        var z = Seeded.Uniform<double>(b.Rows, b.Cols, -4, 4, zRng);
        var da = Seeded.Uniform<double>(b.Rows, b.Cols, -1, 1, daRng);
        var result = true.ToProperty();
        foreach (var act in ElementWise)
        {
            var (a, d, dz, inPlace) = (Apply(act, z.Span), new double[z.Length], new double[z.Length], da.ToArray());
            Activations.Derivative<double>(act, z.Span, a, d);
            Activations.Backward<double>(act, z.Span, a, da.Span, dz, b.Cols);
            Activations.Backward<double>(act, z.Span, a, inPlace, inPlace, b.Cols);
            var worst = Enumerable.Range(0, z.Length)
                .Max(i => Math.Abs(dz[i] - da.Span[i] * d[i]) / (Math.Abs(da.Span[i] * d[i]) + double.Epsilon));
            result = result.And((worst <= 4 * Eps && dz.SequenceEqual(inPlace))
                .Label($"{act.Name()}: worst relative |dz − da·act′| = {worst}, in place equal {dz.SequenceEqual(inPlace)}"));
        }
        return result;
    }

    /// <summary><c>dz_j = Σ_i ∂y_i/∂z_j · da_i</c> per row, with <c>∂y_i/∂z_j = y_i(δ_ij − y_j)</c>; in place too.</summary>
    [Property]
    public Property Softmax_backward_is_the_Jacobian_transpose_times_da(Block b)
    {
        var (zRng, daRng) = Rng.FromSeed(b.Seed).Split();
        var z = Seeded.Uniform<double>(b.Rows, b.Cols, -5, 5, zRng);
        var da = Seeded.Uniform<double>(b.Rows, b.Cols, -1, 1, daRng);
        var y = Apply(Activation.Softmax, z.Span, b.Cols);
        var (dz, inPlace) = (new double[z.Length], da.ToArray());
        Activations.Backward<double>(Activation.Softmax, z.Span, y, da.Span, dz, b.Cols);
        Activations.Backward<double>(Activation.Softmax, z.Span, y, inPlace, inPlace, b.Cols);
        var worst = 0.0;
        for (var r = 0; r < b.Rows; r++)
        {
            var jacobian = SoftmaxProps.Jacobian(y.AsSpan(r * b.Cols, b.Cols));
            for (var j = 0; j < b.Cols; j++)
            {
                double sum = 0, dot = 0;
                for (var i = 0; i < b.Cols; i++)
                {
                    sum += jacobian[i, j] * da[r, i];
                    dot += Math.Abs(da[r, i]) * y[r * b.Cols + i];
                }
                // Σ_i |J_ij da_i| and the kernel's y_j(da_j − da·y) both sum ≤ 2n + 1 terms whose
                // sizes are bounded by y_j(|da_j| + Σ_i |da_i| y_i); each is within ~(n+2)ε of that.
                var magnitude = y[r * b.Cols + j] * (Math.Abs(da[r, j]) + dot);
                worst = Math.Max(worst, Math.Abs(dz[r * b.Cols + j] - sum) / ((2 * b.Cols + 4) * Eps * magnitude + double.Epsilon));
            }
        }
        return (worst <= 1 && dz.SequenceEqual(inPlace))
            .Label($"worst error / bound = {worst}, in place equal {dz.SequenceEqual(inPlace)}");
    }

    private static Property Forward<T>(Block b) where T : IFloatingPointIeee754<T>
    {
        var z = Seeded.Uniform<T>(b.Rows, b.Cols, -6, 6, Rng.FromSeed(b.Seed));
        var zd = z.Data.Select(double.CreateChecked).ToArray();
        var eps = Numbers.MachineEpsilon<T>();
        var result = true.ToProperty();
        foreach (var act in Activations.All)
        {
            var a = new T[z.Length];
            Activations.Forward(act, z.Span, a, b.Cols);
            var expected = Reference(act, zd, b.Cols);
            var worst = Enumerable.Range(0, a.Length)
                .Max(i => Math.Abs(double.CreateChecked(a[i]) - expected[i]) / Math.Max(1, Math.Abs(expected[i])));
            result = result.And((worst <= 16 * eps).Label($"{typeof(T).Name} {act.Name()}: worst error {worst}"));
        }
        return result;
    }

    /// <summary>The activations as scalar formulas in double, the oracle for the kernels.</summary>
    private static double[] Reference(Activation act, double[] z, int cols)
    {
        if (act == Activation.Softmax)
            return z.Chunk(cols).SelectMany(row =>
            {
                var e = row.Select(v => Math.Exp(v - row.Max())).ToArray();
                return e.Select(v => v / e.Sum());
            }).ToArray();
        return z.Select(v => act switch
        {
            Activation.Identity => v,
            Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
            Activation.Tanh => Math.Tanh(v),
            Activation.Relu => Math.Max(v, 0),
            Activation.LeakyRelu => v > 0 ? v : 0.01 * v,
            Activation.Gelu => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))),
            _ => throw new ArgumentOutOfRangeException(nameof(act)),
        }).ToArray();
    }

    private static double[] Apply(Activation act, ReadOnlySpan<double> z, int cols = 1)
    {
        var a = new double[z.Length];
        Activations.Forward(act, z, a, cols);
        return a;
    }
}
