using Mlp.Losses;
using Mlp.Model;
using static Mlp.Cli.Notation;

namespace Mlp.Cli;

public sealed partial class Walkthrough
{
    private double Delta(int l, int j) => bp.Deltas[l - 1][0, j - 1];

    private void Deltas()
    {
        Heading(text.Step2);
        if (c.Net.Layers.Any(layer => layer.Activation == Activation.Sigmoid)) SigmoidDerivative();
        Heading(string.Format(text.ErrorCalculation, text.LayerName(L, L)));
        for (var j = 1; j <= c.Net.Outputs; j++) OutputDelta(j);
        for (var l = L - 1; l >= 1; l--)
        {
            Heading(string.Format(text.ErrorCalculation, text.LayerName(l, L)));
            for (var j = 1; j <= Layer(l).Out; j++) HiddenDelta(l, j);
        }
    }

    // The seed's check of σ′ = σ(1 − σ) at z = 0, with the library's σ and σ′.
    private void SigmoidDerivative()
    {
        Heading(text.SigmoidDerivative);
        Line("σ'(z) = σ(z)(1 − σ(z))");
        Heading(text.Verification);
        w.WriteLine(text.VerifyAtZero);
        var zero = new[] { 0.0 };
        var s = Network.Activate(Activation.Sigmoid, Mlp.Tensors.Matrix<double>.Create(1, 1, zero))[0, 0];
        var d = new double[1];
        Activations.Derivative<double>(Activation.Sigmoid, zero, [s], d);
        var original = Math.Exp(0) / Math.Pow(1 + Math.Exp(0), 2);
        Line($"σ(0) = 1/(1+e^0) = 1/(1+1) = {P(s)}");
        w.WriteLine(text.DerivedFormula);
        Line($"σ'(0) = σ(0)(1 − σ(0)) = {P(s)} × (1 − {P(s)}) = {P(s)} × {P(1 - s)} = {P(d[0])}");
        w.WriteLine(text.OriginalFormula);
        Line($"σ'(0) = e^0/(1+e^0)² = 1/(1+1)² = 1/4 = {P(original)}");
        w.WriteLine(Math.Abs(d[0] - original) < 1e-15 ? text.Match : text.Mismatch);
    }

    private void OutputDelta(int j)
    {
        var (y, tj, delta) = (A(L, j), c.T[j - 1], Delta(L, j));
        var (dn, zn, an) = (n.Delta(L, j), n.Z(L, j), n.A(L, j));
        var act = Layer(L).Activation;
        var fused = (c.Loss, act) is (Loss.CrossEntropy, Activation.Softmax) or (Loss.BinaryCrossEntropy, Activation.Sigmoid);
        if (fused || act == Activation.Identity)
        {
            Line($"{dn} = ∂L/∂{zn} = {an} − {n.T(j)} = {V(y)} − {Paren(S(tj))} = {V(delta)}");
            return;
        }
        if (act == Activation.Softmax) // mse through the softmax: δj = yj (gj − Σk yk gk), g = y − t
        {
            var ks = Enumerable.Range(1, c.Net.Outputs).ToList();
            var dot = ks.Sum(k => A(L, k) * (A(L, k) - c.T[k - 1]));
            Line($"{dn} = {an} × ((∂L/∂{an}) − Σk yk ∂L/∂yk) = {V(y)} × ({V(y - tj)} − {Paren(V(dot))}) = {V(delta)}");
            return;
        }
        Line($"{dn} = ∂L/∂{zn} = ∂L/∂{an} · ∂{an}/∂{zn}");
        Line($"∂L/∂{an} = −({n.T(j)} − {an}) = −({S(tj)} − {V(y)}) = {V(y - tj)}");
        var d = Derivative(L, j, out var expansion);
        Line($"∂{an}/∂{zn} = {Prime(act)}({zn}) = {expansion}{V(d)}");
        Line($"{dn} = {V(y - tj)} × {Paren(V(d))} = {V(delta)}");
    }

    private void HiddenDelta(int l, int j)
    {
        var (dn, zn, an) = (n.Delta(l, j), n.Z(l, j), n.A(l, j));
        var act = Layer(l).Activation;
        if (act == Activation.Softmax)
        {
            Line($"{dn} = ∂L/∂{zn} = {V(Delta(l, j))} {text.SoftmaxJacobian}");
            return;
        }
        var above = Layer(l + 1);
        var ks = Enumerable.Range(1, above.Out).ToList();
        var d = Derivative(l, j, out var expansion);
        if (ks.Count == 1)
        {
            var (da, za, wn) = (n.Delta(l + 1, 1), n.Z(l + 1, 1), n.W(l + 1, 1, j));
            Line($"{dn} = ∂L/∂{zn} = ∂L/∂{za} · ∂{za}/∂{an} · ∂{an}/∂{zn}");
            Line($"∂{za}/∂{an} = {wn} = {P(above.Weight[0, j - 1])}");
            Line($"∂{an}/∂{zn} = {Prime(act)}({zn}) = {expansion}{V(d)}");
            Line($"{dn} = {da} × {wn} × {Prime(act)}({zn}) = {V(Delta(l + 1, 1))} × {Paren(P(above.Weight[0, j - 1]))} × {Paren(V(d))} = {V(Delta(l, j))}");
            return;
        }
        var symbols = string.Join(" + ", ks.Select(k => $"{n.Delta(l + 1, k)} × {n.W(l + 1, k, j)}"));
        var numbers = string.Join(" + ", ks.Select(k => $"{Paren(V(Delta(l + 1, k)))} × {Paren(P(above.Weight[k - 1, j - 1]))}"));
        Line($"{dn} = ∂L/∂{zn} = (Σk ∂L/∂zk({l + 1}) · ∂zk({l + 1})/∂{an}) · ∂{an}/∂{zn}");
        Line($"∂{an}/∂{zn} = {Prime(act)}({zn}) = {expansion}{V(d)}");
        Line($"{dn} = ({symbols}) × {Prime(act)}({zn}) = ({numbers}) × {Paren(V(d))} = {V(Delta(l, j))}");
    }

    // act′(z) of unit j of layer l from the library, and how the seed would write it out.
    private double Derivative(int l, int j, out string expansion)
    {
        var (z, a, an, zn) = (Z(l, j), A(l, j), n.A(l, j), n.Z(l, j));
        var d = new double[1];
        var act = Layer(l).Activation;
        Activations.Derivative<double>(act, [z], [a], d);
        expansion = act switch
        {
            Activation.Sigmoid => $"{an}(1 − {an}) = {V(a)} × (1 − {V(a)}) = {V(a)} × {V(1 - a)} = ",
            Activation.Tanh => $"1 − {an}² = 1 − {Paren(V(a))}² = ",
            Activation.Relu => $"[{zn} > 0] = ",
            Activation.LeakyRelu => $"({zn} > 0 ? 1 : {Activations.LeakySlope}) = ",
            _ => "",
        };
        return d[0];
    }

    private static string Prime(Activation act) => act == Activation.Sigmoid ? "σ'" : act.Name() + "'";
}
