using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>The worst disagreement found in one layer, and where it is.</summary>
/// <param name="Layer">Layer index, 0 for the first layer.</param>
/// <param name="WorstError">Largest relative error over the layer's weights and bias.</param>
/// <param name="Leaf"><c>weight</c> or <c>bias</c>.</param>
/// <param name="Row">Row of the worst element (output unit).</param>
/// <param name="Col">Column of the worst element (input unit; 0 for a bias).</param>
/// <param name="Analytic">The backward pass's value there.</param>
/// <param name="Numeric">The central difference there.</param>
public sealed record LayerCheck(int Layer, double WorstError, string Leaf, int Row, int Col, double Analytic, double Numeric)
{
    /// <summary>The relative error that rounding alone can cause at the worst element (<see cref="GradCheck.RoundingError"/>).</summary>
    public double Rounding { get; init; }

    /// <summary>The largest relative error in the layer beyond what rounding explains: max over its elements of error − rounding.</summary>
    public double Unexplained { get; init; }
}

/// <summary>A gradient check of every layer, at step <see cref="Step"/>, of a loss whose value is <see cref="Loss"/>.</summary>
public sealed record GradCheckReport(ImmutableArray<LayerCheck> Layers)
{
    /// <summary>The loss at the unmoved parameters: its size sets the rounding noise of the differences.</summary>
    public double Loss { get; init; }

    /// <summary>The central-difference step h.</summary>
    public double Step { get; init; }

    /// <summary>The worst relative error over all layers.</summary>
    public double WorstError => Layers.Max(l => l.WorstError);

    /// <summary>Whether every layer is within <paramref name="tolerance"/>.</summary>
    public bool Passes(double tolerance) => WorstError <= tolerance;

    /// <summary>
    /// Whether every element is within <paramref name="tolerance"/> plus the relative error rounding
    /// alone can cause there: the tolerance scaled to the loss, for losses whose size makes the
    /// difference quotient noisy (an unscaled regression target: a loss of 10³ at h = 10⁻⁶ moves it by ~10⁻⁷).
    /// </summary>
    public bool PassesAboveRounding(double tolerance) => Layers.All(l => l.Unexplained <= tolerance);
}

/// <summary>
/// Numerical gradient check (as PyTorch's <c>gradcheck</c>): every analytic gradient from the
/// backward pass is compared with the fourth-order central difference
/// <c>(−L(θ+2h) + 8L(θ+h) − 8L(θ−h) + L(θ−2h)) / 12h</c>.
/// Run it in double: float's rounding swamps any difference quotient.
/// </summary>
/// <remarks>
/// Why not the two-point rule <c>(L(θ+h) − L(θ−h)) / 2h</c> at h = 1e-6: its error is the rounding
/// noise of L over h, about 1e-16·|L|/1e-6, and L's noise grows where a loss works on saturated
/// probabilities (ln(1 − y) for y near 1). On random networks that noise reached 1e-6 relative to
/// a 1e-2 gradient, so correct gradients failed a 1e-6 check. The four-point rule's truncation
/// error is O(h⁴), so h = 1e-4 is accurate and divides the noise by 100. Where a difference
/// straddles a relu kink, or an output lies in the loss's clipping range (values clip, the fused
/// gradients do not), the two disagree by design.
/// </remarks>
public static class GradCheck
{
    /// <summary>
    /// Relative error <c>|a − n| / max(|a|, |n|, floor)</c>: relative for ordinary gradients,
    /// absolute for those near zero (where a ratio of two rounding errors means nothing).
    /// </summary>
    public static double RelativeError(double analytic, double numeric, double floor = 1e-2) =>
        Math.Abs(analytic - numeric) / Math.Max(floor, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));

    /// <summary>The machine epsilon of double, 2⁻⁵²: the gap between 1 and the next double.</summary>
    public const double DoubleEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The relative error rounding alone can put into a central difference at step <paramref name="h"/>:
    /// each loss value is off by about <c>ε|L|</c> (ε the machine epsilon of the type it was computed
    /// in), the stencil's weights (8, 8, 1, 1)/12 make that <c>1.5 ε|L| / h</c>, and a factor of 4
    /// covers the sums over the batch (on trained models the noise measured up to a quarter of this
    /// bound); divided by the same <c>max(|a|, |n|, floor)</c> as <see cref="RelativeError"/>.
    /// </summary>
    public static double RoundingError(double loss, double h, double analytic, double numeric, double epsilon = DoubleEpsilon,
        double floor = 1e-2) =>
        6 * epsilon * Math.Abs(loss) / h / Math.Max(floor, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));

    /// <summary>Checks the gradients of <paramref name="loss"/> over the batch <c>(x, t)</c>.</summary>
    [Pure]
    public static GradCheckReport Run<T>(Network<T> net, Matrix<T> x, Matrix<T> t, Loss loss, double h = 1e-4)
        where T : IFloatingPointIeee754<T>
    {
        var trace = Network.Forward(net, x);
        var analytic = Grad.Backward(net, trace, t, loss);
        var numeric = Numerical(net, x, t, loss, h);
        var value = double.CreateChecked(LossFunctions.Value(loss, trace.Output, t));
        var epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One);
        var layers = ImmutableArray.CreateBuilder<LayerCheck>(net.Layers.Length);
        for (var l = 0; l < net.Layers.Length; l++)
        {
            // Below any error, so the first element is taken and the layer's report has its values and rounding.
            var worst = new LayerCheck(l, -1, "weight", 0, 0, 0, 0);
            var unexplained = double.NegativeInfinity;
            foreach (var (leaf, name) in new[] { (2 * l, "weight"), (2 * l + 1, "bias") })
            {
                var (a, n) = (analytic[leaf], numeric[leaf]);
                for (var i = 0; i < a.Length; i++)
                {
                    double ai = double.CreateChecked(a.Span[i]), ni = double.CreateChecked(n.Span[i]);
                    var err = RelativeError(ai, ni);
                    if (double.IsNaN(err)) err = double.PositiveInfinity;
                    var rounding = RoundingError(value, h, ai, ni, epsilon);
                    unexplained = Math.Max(unexplained, err - rounding);
                    if (err > worst.WorstError)
                        worst = new LayerCheck(l, err, name, i / a.Cols, i % a.Cols, ai, ni) { Rounding = rounding };
                }
            }
            layers.Add(worst with { Unexplained = unexplained });
        }
        return new GradCheckReport(layers.MoveToImmutable()) { Loss = value, Step = h };
    }

    /// <summary>
    /// Fourth-order central differences <c>(8(L(θ+h) − L(θ−h)) − (L(θ+2h) − L(θ−2h))) / 12h</c> for
    /// every parameter, shaped like the network's params.
    /// </summary>
    [Pure]
    public static ParamSet<T> Numerical<T>(Network<T> net, Matrix<T> x, Matrix<T> t, Loss loss, double h = 1e-4)
        where T : IFloatingPointIeee754<T>
    {
        var p = net.Params;
        var step = T.CreateChecked(h);
        T eight = T.CreateChecked(8), twelve = T.CreateChecked(12);
        var leaves = new Matrix<T>[p.Count];
        for (var leaf = 0; leaf < p.Count; leaf++)
        {
            var grad = new T[p[leaf].Length];
            for (var i = 0; i < grad.Length; i++)
            {
                var plus = LossAt(net, p, leaf, i, step, x, t, loss);
                var minus = LossAt(net, p, leaf, i, -step, x, t, loss);
                var plus2 = LossAt(net, p, leaf, i, step + step, x, t, loss);
                var minus2 = LossAt(net, p, leaf, i, -(step + step), x, t, loss);
                grad[i] = (eight * (plus - minus) - (plus2 - minus2)) / (twelve * step);
            }
            leaves[leaf] = Matrix<T>.Create(p[leaf].Rows, p[leaf].Cols, grad);
        }
        return new ParamSet<T>([.. leaves]);
    }

    /// <summary>The output activation each loss is checked with: softmax, sigmoid, or identity for mse.</summary>
    public static Activation OutputFor(Loss loss) =>
        loss switch { Loss.CrossEntropy => Activation.Softmax, Loss.BinaryCrossEntropy => Activation.Sigmoid, _ => Activation.Identity };

    /// <summary>
    /// A random case to check, from <paramref name="seed"/>: a network of widths
    /// <paramref name="sizes"/> with <paramref name="hidden"/> on the hidden layers and the output
    /// that fits <paramref name="loss"/> (or <paramref name="output"/>), Xavier-uniform weights and small random biases too (a
    /// bias at its usual zero would hide a wrong bias gradient more often), and a batch of
    /// <paramref name="rows"/> (see <see cref="RandomBatch"/>).
    /// </summary>
    public static (Network<double> Net, Matrix<double> X, Matrix<double> T) RandomCase(IReadOnlyList<int> sizes,
        Activation hidden, Loss loss, int rows, long seed, Activation? output = null)
    {
        var (weights, rest) = Rng.FromSeed(seed).Split();
        var net = Init.Network<double>(sizes, [.. Enumerable.Range(0, sizes.Count - 1)
            .Select(l => l == sizes.Count - 2 ? output ?? OutputFor(loss) : hidden)], Initializer.XavierUniform, weights);
        var s = new Sampler(rest);
        var leaves = new Matrix<double>[net.Params.Count];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = i % 2 == 0 ? net.Params[i] : Matrix<double>.Create(1, net.Params[i].Cols, Uniform(ref s, net.Params[i].Cols));
        var (x, t) = RandomBatch(net, loss, rows, ref s);
        return (net.WithParams(new ParamSet<double>([.. leaves])), x, t);
    }

    /// <summary>
    /// Standard normal inputs for <paramref name="net"/> and random targets that fit the loss:
    /// one-hot rows, 0/1 values, or normal values; drawn from <paramref name="s"/>, inputs first.
    /// </summary>
    public static (Matrix<double> X, Matrix<double> T) RandomBatch(Network<double> net, Loss loss, int rows, ref Sampler s)
    {
        var x = new double[rows * net.Inputs];
        for (var i = 0; i < x.Length; i++) x[i] = s.Normal();
        var t = new double[rows * net.Outputs];
        for (var i = 0; i < rows; i++)
        {
            if (loss == Loss.CrossEntropy) { t[i * net.Outputs + s.NextInt(net.Outputs)] = 1; continue; }
            for (var k = 0; k < net.Outputs; k++) t[i * net.Outputs + k] = loss == Loss.BinaryCrossEntropy ? s.NextInt(2) : s.Normal();
        }
        return (Matrix<double>.Create(rows, net.Inputs, x), Matrix<double>.Create(rows, net.Outputs, t));
    }

    private static double[] Uniform(ref Sampler s, int n)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = s.Uniform(0.5);
        return values;
    }

    // The loss with one parameter moved by delta (a new network; the input is untouched).
    private static T LossAt<T>(Network<T> net, ParamSet<T> p, int leaf, int index, T delta,
        Matrix<T> x, Matrix<T> t, Loss loss) where T : IFloatingPointIeee754<T>
    {
        var moved = p[leaf].ToArray();
        moved[index] += delta;
        var leaves = p.Leaves.SetItem(leaf, Matrix<T>.Own(moved, p[leaf].Rows, p[leaf].Cols));
        var y = Network.Predict(net.WithParams(new ParamSet<T>(leaves)), x);
        return LossFunctions.Value(loss, y, t);
    }
}
