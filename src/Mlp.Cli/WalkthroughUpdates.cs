using Mlp.Losses;
using static Mlp.Cli.Notation;

namespace Mlp.Cli;

public sealed partial class Walkthrough
{
    private void Updates()
    {
        Heading(text.Step3);
        w.WriteLine(string.Format(text.LearningRate, S(c.LearningRate)));
        for (var l = L; l >= 1; l--)
        {
            var (layer, updated, grads) = (Layer(l), next.Layers[l - 1], bp.Gradients);
            Heading(string.Format(text.WeightUpdates, text.LayerName(l, L)));
            for (var j = 1; j <= layer.Out; j++)
            {
                for (var k = 1; k <= layer.In; k++)
                    Line($"∂L/∂{n.W(l, j, k)} = {n.Delta(l, j)} × {n.In(l, k)} = {V(Delta(l, j))} × {Paren(InValue(l, k))} = {V(grads.Weight(l - 1)[j - 1, k - 1])}");
                for (var k = 1; k <= layer.In; k++)
                    Update(n.W(l, j, k), layer.Weight[j - 1, k - 1], grads.Weight(l - 1)[j - 1, k - 1], updated.Weight[j - 1, k - 1]);
            }
            Heading(string.Format(text.BiasUpdates, text.LayerName(l, L)));
            for (var j = 1; j <= layer.Out; j++)
            {
                Line($"∂L/∂{n.B(l, j)} = {n.Delta(l, j)} = {V(grads.Bias(l - 1)[0, j - 1])}");
                Update(n.B(l, j), layer.Bias[0, j - 1], grads.Bias(l - 1)[0, j - 1], updated.Bias[0, j - 1]);
            }
        }
        var after = LossFunctions.Value(c.Loss, Mlp.Model.Network.Predict(next, x), t);
        w.WriteLine();
        w.WriteLine(string.Format(text.After, V(after), V(LossFunctions.Value(c.Loss, trace.Output, t))));
    }

    // θ_new = θ − η·g with the library's θ_new. The seed rounds every intermediate to three
    // decimals, which can move the last digit (0.5 × 0.063 → 0.032, so 1.0 − 0.032 = 0.968
    // where the exact 0.96854 prints as 0.969); when it does, both are shown. Only for weights
    // written exactly as shown (hand-picked like the seed's), where redoing it by hand makes sense.
    private void Update(string name, double old, double grad, double updated)
    {
        var step = c.LearningRate * grad;
        Line($"{name},new = {name} − η × ∂L/∂{name} = {P(old)} − {S(c.LearningRate)} × {Paren(V(grad))} = {P(old)} − {Paren(V(step))} = {V(updated)}");
        // The seed's hand rounding is for hand-sized numbers; decimal cannot hold 1e30 anyway.
        if (!new[] { c.LearningRate, grad, old, updated, c.LearningRate * grad }.All(Plain)) return;
        var seedStep = Round3((decimal)c.LearningRate * Round3((decimal)grad));
        var seedNew = Round3(Round3((decimal)old) - seedStep);
        if ((decimal)old == Round3((decimal)old) && seedNew != Round3((decimal)updated))
            Line("  " + string.Format(text.SeedRounding,
                $"{S(c.LearningRate)} × {Paren(V((double)Round3((decimal)grad)))} = {V((double)seedStep)}, {P(old)} − {Paren(V((double)seedStep))} = {V((double)seedNew)}"));
    }

    private static decimal Round3(decimal v) => Math.Round(v, 3, MidpointRounding.AwayFromZero);
}
