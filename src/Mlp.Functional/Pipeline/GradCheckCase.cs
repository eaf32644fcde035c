using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Pipeline;

/// <summary>
/// What a gradient check runs on (see <see cref="GradCheck"/>): a network in double, a batch of
/// inputs, its targets and the loss. Made from a random network, a saved model, or the first rows
/// of a data set, each as <c>mlp gradcheck</c> offers them.
/// </summary>
public sealed record GradCheckCase(Network<double> Net, Matrix<double> X, Matrix<double> T, Loss Loss)
{
    /// <summary>The most work a check may take: parameters² × rows (each parameter costs four forward passes over the rows).</summary>
    public const double MaxWork = 1e10;

    /// <summary>A random network of widths <paramref name="sizes"/> on a random batch (see <see cref="GradCheck.RandomCase"/>).</summary>
    public static GradCheckCase Random(IReadOnlyList<int> sizes, Activation hidden, Loss loss, int rows, long seed)
    {
        var (net, x, t) = GradCheck.RandomCase(sizes, hidden, loss, rows, seed);
        return new GradCheckCase(net, x, t, loss);
    }

    /// <summary>A saved model's network and loss on a random batch.</summary>
    public static GradCheckCase RandomRows(TrainedModel<double> model, int rows, long seed)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var (x, t) = GradCheck.RandomBatch(model.Network, model.Loss, rows, ref s);
        return new GradCheckCase(model.Network, x, t, model.Loss);
    }

    /// <summary>A saved model on the first <paramref name="rows"/> rows of <paramref name="data"/>, read as it reads them (its columns, classes and preprocessing).</summary>
    public static Fin<GradCheckCase> ModelRows(TrainedModel<double> model, Dataset<double> data, int rows) =>
        model.Align(data).Map(d => First(d, rows)).Map(d => new GradCheckCase(model.Network, model.Encode(d.Features), d.Targets, model.Loss));

    /// <summary>
    /// A random network fitted to the shape of <paramref name="data"/>, on its first
    /// <paramref name="rows"/> rows, standardized (raw features such as digits' 0…16 would
    /// saturate the units). The loss is <paramref name="loss"/> (it must fit the targets) or the
    /// one training would choose.
    /// </summary>
    public static Fin<GradCheckCase> DataRows(Dataset<double> data, Loss? loss, ImmutableArray<int> hidden, Activation activation,
        int rows, long seed)
    {
        if (!data.IsClassification && loss is Loss.CrossEntropy or Loss.BinaryCrossEntropy)
            return Error.New($"--loss {loss.Value.Name()} needs class labels, but the target {string.Join(",", data.TargetNames)} " +
                $"of {data.Name} is numeric (regression); use --loss mse");
        var k = data.Classes.Length;
        var chosen = loss ?? (!data.IsClassification ? Loss.Mse : k == 2 ? Loss.BinaryCrossEntropy : Loss.CrossEntropy);
        var outputs = !data.IsClassification ? data.Targets.Cols : chosen == Loss.BinaryCrossEntropy && k == 2 ? 1 : k;
        var first = Outputs.ShapeTargets(First(data, rows), outputs);
        var (net, _, _) = GradCheck.RandomCase([data.Features.Cols, .. hidden, outputs], activation, chosen, 1, seed);
        var x = Scaler.Fit(ScalerKind.Standardize, first.Features).Apply(first.Features);
        return new GradCheckCase(net, x, first.Targets, chosen);
    }

    /// <summary>This case, or an error when checking it numerically is more than <see cref="MaxWork"/>.</summary>
    public Fin<GradCheckCase> WithinBudget() =>
        Math.Pow(Net.Params.Size, 2) * X.Rows <= MaxWork ? this
            : Error.New($"{Net} has {Net.Params.Size} parameters; checking them on {X.Rows} rows is too much work for a " +
                "numerical check (each parameter costs four forward passes): use fewer rows with --batch-size");

    private static Dataset<double> First(Dataset<double> data, int rows)
    {
        var n = Math.Min(data.Rows, rows);
        return n == data.Rows ? data : data.SelectRows([.. Enumerable.Range(0, n)]);
    }
}
