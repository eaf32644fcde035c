using System.Collections.Immutable;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using static Mlp.Cli.Notation;

namespace Mlp.Cli;

/// <summary>One sample through one SGD step: the network, the sample <c>x</c>, its target <c>t</c>, η and the loss.</summary>
public sealed record WalkthroughCase(Network<double> Net, ImmutableArray<double> X, ImmutableArray<double> T,
    double LearningRate, Loss Loss)
{
    /// <summary>
    /// The seed's section 3.2: a 2-2-1 sigmoid network with <c>W(1) = [[0.5, 0.5], [−0.5, −0.5]]</c>,
    /// <c>b(1) = (−0.2, 0.7)</c>, <c>W(2) = [1, 1]</c>, <c>b(2) = −0.5</c>; sample (1, 1) → 0; mse; η = 0.5.
    /// </summary>
    public static WalkthroughCase Seed { get; } = new(
        new Network<double>(
            new Dense<double>(Matrix<double>.FromRows([0.5, 0.5], [-0.5, -0.5]), Matrix<double>.FromRows([-0.2, 0.7]), Activation.Sigmoid),
            new Dense<double>(Matrix<double>.FromRows([1.0, 1.0]), Matrix<double>.FromRows([-0.5]), Activation.Sigmoid)),
        [1.0, 1.0], [0.0], 0.5, Loss.Mse);
}

/// <summary>
/// <c>mlp walkthrough</c>: the seed's worked example (or any small network and sample) computed
/// by the library — <see cref="Network.Forward{T}"/>, <see cref="Grad.Backpropagate{T}"/>,
/// <see cref="GradientDescent.Step{T}"/> — and printed in the seed's order, each line a formula with its
/// numbers substituted. Only the printing is here; every printed result comes from the library.
/// </summary>
public sealed partial class Walkthrough
{
    private readonly WalkthroughCase c;
    private readonly WalkthroughText text;
    private readonly TextWriter w;
    private readonly Notation n;
    private readonly Trace<double> trace;
    private readonly Backprop<double> bp;
    private readonly Network<double> next;
    private readonly Matrix<double> x, t;
    private int L => c.Net.Layers.Length;

    private Walkthrough(WalkthroughCase c, WalkthroughText text, TextWriter w)
    {
        (this.c, this.text, this.w, n) = (c, text, w, new Notation(c.Net));
        x = Matrix<double>.Create(1, c.X.Length, c.X.AsSpan());
        t = Matrix<double>.Create(1, c.T.Length, c.T.AsSpan());
        trace = Network.Forward(c.Net, x);
        bp = Grad.Backpropagate(c.Net, trace, t, c.Loss);
        next = GradientDescent.Step(c.Net, bp.Gradients, c.LearningRate);
    }

    /// <summary>Prints the whole walkthrough of <paramref name="c"/> in the language of <paramref name="text"/>.</summary>
    public static void Print(WalkthroughCase c, WalkthroughText text, TextWriter w)
    {
        var walk = new Walkthrough(c, text, w);
        walk.Setup();
        walk.ForwardPass();
        walk.LossValue();
        walk.Deltas();
        walk.Updates();
    }

    private void Heading(string s) { w.WriteLine(); w.WriteLine(s); }
    private void Line(string s) => w.WriteLine("  " + s);
    private double Z(int l, int j) => trace.Z[l - 1][0, j - 1];
    private double A(int l, int j) => trace.A[l - 1][0, j - 1];
    private double In(int l, int k) => l == 1 ? c.X[k - 1] : A(l - 1, k);
    private string InValue(int l, int k) => l == 1 ? S(In(l, k)) : V(In(l, k));
    private Dense<double> Layer(int l) => c.Net.Layers[l - 1];

    private void Setup()
    {
        w.WriteLine(text.Title);
        Heading(text.Structure);
        var inputs = Enumerable.Range(1, c.Net.Inputs).Select(X);
        Line(string.Format(text.InputLayer, text.Neurons(c.Net.Inputs), string.Join(", ", inputs)));
        for (var l = 1; l <= L; l++)
        {
            var units = string.Join(", ", Enumerable.Range(1, Layer(l).Out).Select(j => n.A(l, j)));
            Line(l < L
                ? string.Format(text.HiddenLayer, L > 2 ? $" {l}" : "", text.Neurons(Layer(l).Out), units, Layer(l).Activation.Name())
                : string.Format(text.OutputLayer, text.Neurons(Layer(l).Out), units, Layer(l).Activation.Name()));
        }
        Line(string.Format(text.LossName, c.Loss.Name()));
        Heading(text.InitialWeights);
        for (var l = 1; l <= L; l++)
        {
            var rows = Enumerable.Range(0, Layer(l).Out).Select(j => "[" + string.Join(", ",
                Enumerable.Range(0, Layer(l).In).Select(k => P(Layer(l).Weight[j, k]))) + "]");
            Line($"W({l}) = [{string.Join(", ", rows)}],  b({l}) = [{string.Join(", ", Layer(l).Bias.Data.Select(P))}]");
        }
        Heading(string.Format(text.Sample, string.Join(", ", inputs), string.Join(", ", c.X.Select(S)),
            Tuple(Enumerable.Range(1, c.T.Length).Select(n.T)), Tuple(c.T.Select(S))));
    }

    // "t" and "0" for one value, "(t1, t2)" and "(0, 1)" for several.
    private static string Tuple(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : $"({string.Join(", ", list)})";
    }

    private void ForwardPass()
    {
        Heading(text.Step1);
        for (var l = 1; l <= L; l++)
        {
            Heading(string.Format(text.Computation, text.LayerName(l, L)));
            var layer = Layer(l);
            for (var j = 1; j <= layer.Out; j++)
            {
                var ks = Enumerable.Range(1, layer.In).ToList();
                var symbols = string.Join(" + ", ks.Select(k => $"{n.W(l, j, k)}·{n.In(l, k)}"));
                var numbers = string.Join(" + ", ks.Select(k => $"{Paren(P(layer.Weight[j - 1, k - 1]))} × {Paren(InValue(l, k))}"));
                Line($"{n.Z(l, j)} = {symbols} + {n.B(l, j)} = {numbers} + {Paren(P(layer.Bias[0, j - 1]))} = {V(Z(l, j))}");
            }
            for (var j = 1; j <= layer.Out; j++) Line(ActivationLine(l, j));
        }
    }

    private string ActivationLine(int l, int j)
    {
        var (z, a, name) = (Z(l, j), A(l, j), n.A(l, j));
        return Layer(l).Activation switch
        {
            Activation.Sigmoid => $"{name} = σ({V(z)}) = 1/(1+e^({V(-z)})) = 1/(1+{V(Math.Exp(-z))}) = {V(a)}",
            Activation.Tanh => $"{name} = tanh({V(z)}) = {V(a)}",
            Activation.Relu => $"{name} = max(0, {V(z)}) = {V(a)}",
            Activation.LeakyRelu => $"{name} = max({Activations.LeakySlope} × {Paren(V(z))}, {V(z)}) = {V(a)}",
            Activation.Gelu => $"{name} = gelu({V(z)}) = 0.5z(1 + tanh(√(2/π)(z + 0.044715z³))) = {V(a)}",
            Activation.Softmax => SoftmaxLine(l, j),
            _ => $"{name} = {n.Z(l, j)} = {V(a)}",
        };
    }

    private string SoftmaxLine(int l, int j)
    {
        var ks = Enumerable.Range(1, Layer(l).Out).ToList();
        var sum = ks.Sum(k => Math.Exp(Z(l, k)));
        return $"{n.A(l, j)} = e^{n.Z(l, j)} / Σk e^zk({l}) = e^({V(Z(l, j))}) / ({string.Join(" + ", ks.Select(k => $"e^({V(Z(l, k))})"))})"
            + $" = {V(Math.Exp(Z(l, j)))}/{V(sum)} = {V(A(l, j))}";
    }

    private void LossValue()
    {
        Heading(text.LossCalculation);
        w.WriteLine(c.Loss switch { Loss.Mse => text.Mse, Loss.CrossEntropy => text.CrossEntropy, _ => text.BinaryCrossEntropy });
        var value = LossFunctions.Value(c.Loss, trace.Output, t);
        var ks = Enumerable.Range(1, c.Net.Outputs).ToList();
        string Y(int k) => V(A(L, k));
        string Tk(int k) => S(c.T[k - 1]);
        Line(c.Loss switch
        {
            Loss.Mse when ks.Count == 1 =>
                $"L = ½(t − y)² = ½({Tk(1)} − {Y(1)})² = ½ × {V(Math.Pow(c.T[0] - A(L, 1), 2))} = {V(value)}",
            Loss.Mse => $"L = ½Σk(tk − yk)² = ½[{string.Join(" + ", ks.Select(k => $"({Tk(k)} − {Y(k)})²"))}] = "
                + $"½ × {V(ks.Sum(k => Math.Pow(c.T[k - 1] - A(L, k), 2)))} = {V(value)}",
            Loss.CrossEntropy => $"L = −Σk tk ln yk = −[{string.Join(" + ", ks.Select(k => $"{Tk(k)} × ln {Y(k)}"))}] = {V(value)}",
            _ => $"L = −Σk[tk ln yk + (1 − tk) ln(1 − yk)] = −[{string.Join(" + ",
                ks.Select(k => $"{Tk(k)} × ln {Y(k)} + {S(1 - c.T[k - 1])} × ln {V(1 - A(L, k))}"))}] = {V(value)}",
        });
    }
}
