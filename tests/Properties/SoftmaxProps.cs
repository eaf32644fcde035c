using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Softmax and the losses at the output (seed section 5): the fused gradient is <c>y − t</c>
/// and is the seed's Jacobian sum; softmax rows are distributions, shift-invariant and finite
/// for huge logits; clipped losses are finite at probabilities of exactly 0 and 1.
/// </summary>
[Properties(Arbitrary = new[] { typeof(Arbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class SoftmaxProps
{
    private const double DoubleEps = 2.220446049250313e-16;

    [Property]
    public Property Fused_output_delta_times_batch_is_y_minus_t(Block b)
    {
        var (zRng, tRng) = Rng.FromSeed(b.Seed).Split();
        var z = Seeded.Uniform<double>(b.Rows, b.Cols, -5, 5, zRng);
        var softmax = Softmax.Apply(z);
        var sigmoid = Network.Activate(Activation.Sigmoid, z);
        var oneHot = Seeded.OneHotRows<double>(b.Rows, b.Cols, tRng);
        var probabilities = Seeded.ProbabilityRows<double>(b.Rows, b.Cols, tRng);
        var bits = Seeded.Uniform<double>(b.Rows, b.Cols, 0, 1, tRng);
        return Agrees(Loss.CrossEntropy, Activation.Softmax, z, softmax, oneHot, "softmax + CE, one-hot")
            .And(Agrees(Loss.CrossEntropy, Activation.Softmax, z, softmax, probabilities, "softmax + CE, probability rows"))
            .And(Agrees(Loss.BinaryCrossEntropy, Activation.Sigmoid, z, sigmoid, bits, "sigmoid + BCE"));
    }

    /// <summary>
    /// The seed's derivation: <c>∂L/∂z_j = Σ_i (−t_i/y_i)·∂y_i/∂z_j</c> with the explicitly
    /// built Jacobian <c>∂y_i/∂z_j = y_i(δ_ij − y_j)</c>, for one-hot targets (Σt = 1).
    /// </summary>
    [Property]
    public Property Fused_delta_equals_the_seeds_Jacobian_sum(Block b)
    {
        var (zRng, tRng) = Rng.FromSeed(b.Seed).Split();
        var z = Seeded.Uniform<double>(b.Rows, b.Cols, -5, 5, zRng);
        var y = Softmax.Apply(z);
        var t = Seeded.OneHotRows<double>(b.Rows, b.Cols, tRng);
        var delta = LossFunctions.OutputDelta(Loss.CrossEntropy, Activation.Softmax, z, y, t);
        var worst = 0.0;
        for (var r = 0; r < b.Rows; r++)
        {
            var jacobian = Jacobian(y.Row(r));
            for (var j = 0; j < b.Cols; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < b.Cols; i++) sum += -t[r, i] / y[r, i] * jacobian[i, j];
                worst = Math.Max(worst, Math.Abs(sum - b.Rows * delta[r, j]));
            }
        }
        return (worst <= 16 * DoubleEps).Label($"worst |Σ − B·δ| = {worst}");
    }

    [Property]
    public Property Rows_sum_to_one_and_ignore_a_constant_shift(Block b, bool wide) =>
        RowsAndShift<float>(b, wide ? 1e4 : 10).And(RowsAndShift<double>(b, wide ? 1e4 : 10));

    /// <summary>Logits anywhere in <c>[−1e4, 1e4]</c>, with both extremes in every row: still a distribution.</summary>
    [Property]
    public Property Softmax_is_finite_for_logits_up_to_1e4(Block b) =>
        FiniteAtExtremes<float>(b).And(FiniteAtExtremes<double>(b));

    /// <summary>Cross-entropy and binary cross-entropy at predictions of exactly 0 and 1 stay finite (the ε clip).</summary>
    [Property]
    public Property Clipped_losses_are_finite_at_0_and_1(Block b) =>
        ClippedFinite<float>(b).And(ClippedFinite<double>(b));

    /// <summary><c>∂y_i/∂z_j = y_i(δ_ij − y_j)</c>, built element by element.</summary>
    public static double[,] Jacobian(ReadOnlySpan<double> y)
    {
        var jacobian = new double[y.Length, y.Length];
        for (var i = 0; i < y.Length; i++)
            for (var j = 0; j < y.Length; j++)
                jacobian[i, j] = y[i] * ((i == j ? 1 : 0) - y[j]);
        return jacobian;
    }

    private static Property Agrees(Loss loss, Activation act, Matrix<double> z, Matrix<double> y, Matrix<double> t, string what)
    {
        var delta = LossFunctions.OutputDelta(loss, act, z, y, t);
        var worst = 0.0;
        for (var i = 0; i < y.Length; i++)
            worst = Math.Max(worst, Math.Abs(y.Rows * delta.Span[i] - (y.Span[i] - t.Span[i])));
        return (worst <= 4 * DoubleEps).Label($"{what}: worst |B·δ − (y − t)| = {worst}");
    }

    private static Property RowsAndShift<T>(Block b, double scale) where T : IFloatingPointIeee754<T>
    {
        var (zRng, cRng) = Rng.FromSeed(b.Seed).Split();
        var z = Seeded.Uniform<T>(b.Rows, b.Cols, -scale, scale, zRng);
        var c = T.CreateChecked(200 * cRng.NextDouble().Value - 100);
        var shifted = Matrix<T>.Build(b.Rows, b.Cols, (i, j) => z[i, j] + c);
        var (y, ys) = (Softmax.Apply(z), Softmax.Apply(shifted));
        var eps = Numbers.MachineEpsilon<T>();
        var worstSum = Enumerable.Range(0, b.Rows).Max(i => Math.Abs(RowSum(y.Row(i)) - 1));
        // Rounding z + c moves each logit by up to ε·|z + c|/2, so each y_i by ~ε·max|z + c|.
        var shiftTolerance = 4 * eps * (1 + Numbers.MaxAbs(shifted) + b.Cols);
        var worstShift = Numbers.MaxAbsDiff(y, ys);
        return (worstSum <= b.Cols * eps).Label($"{typeof(T).Name}: worst |Σ y − 1| = {worstSum}")
            .And((worstShift <= shiftTolerance).Label($"{typeof(T).Name}: shift by {c} moved y by {worstShift}"));
    }

    private static Property FiniteAtExtremes<T>(Block b) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(Rng.FromSeed(b.Seed));
        var data = new T[b.Rows * b.Cols];
        for (var i = 0; i < b.Rows; i++)
            for (var j = 0; j < b.Cols; j++)
                data[i * b.Cols + j] = T.CreateChecked(j == 0 ? 1e4 : j == 1 ? -1e4 : s.Uniform(1e4));
        var y = Softmax.Apply(Matrix<T>.Create(b.Rows, b.Cols, data));
        var allFinite = y.Data.All(v => T.IsFinite(v) && v >= T.Zero && v <= T.One);
        var worstSum = Enumerable.Range(0, b.Rows).Max(i => Math.Abs(RowSum(y.Row(i)) - 1));
        return allFinite.Label($"{typeof(T).Name}: {y}")
            .And((worstSum <= b.Cols * Numbers.MachineEpsilon<T>()).Label($"{typeof(T).Name}: |Σ y − 1| = {worstSum}"));
    }

    private static Property ClippedFinite<T>(Block b) where T : IFloatingPointIeee754<T>
    {
        var (yRng, tRng) = Rng.FromSeed(b.Seed).Split();
        var y = Seeded.OneHotRows<T>(b.Rows, b.Cols, yRng);          // every entry exactly 0 or 1
        var ce = LossFunctions.Value(Loss.CrossEntropy, y, Seeded.OneHotRows<T>(b.Rows, b.Cols, tRng));
        var bce = LossFunctions.Value(Loss.BinaryCrossEntropy, y, Seeded.Uniform<T>(b.Rows, b.Cols, 0, 1, tRng));
        // Per sample, −Σ t ln clip(y) ≤ ln(1/ε)·Σt and each BCE term ≤ ln(1/ε).
        var bound = -Math.Log(double.CreateChecked(LossFunctions.Epsilon<T>())) * (1 + 1e-6);
        return (T.IsFinite(ce) && double.CreateChecked(ce) <= bound).Label($"{typeof(T).Name}: cross-entropy {ce}")
            .And((T.IsFinite(bce) && double.CreateChecked(bce) <= b.Cols * bound)
                .Label($"{typeof(T).Name}: binary cross-entropy {bce}"));
    }

    private static double RowSum<T>(ReadOnlySpan<T> row) where T : IFloatingPointIeee754<T>
    {
        var sum = 0.0;
        foreach (var v in row) sum += double.CreateChecked(v);
        return sum;
    }
}
