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
/// of a data set, each as <c>mlp gradcheck</c> offers them; a case too big to check numerically is
/// an error before anything is built.
/// </summary>
public sealed record GradCheckCase(Network<double> Net, Matrix<double> X, Matrix<double> T, Loss Loss)
{
    /// <summary>The most work a check may take: parameters² × rows (each parameter costs four forward passes over the rows).</summary>
    public const double MaxWork = 1e10;

    /// <summary>A random network of widths <paramref name="sizes"/> on a random batch (see <see cref="GradCheck.RandomCase"/>).</summary>
    public static Fin<GradCheckCase> Random(IReadOnlyList<int> sizes, Activation hidden, Loss loss, int rows, long seed) =>
        WithinBudget(sizes, rows).Map(_ =>
        {
            var (net, x, t) = GradCheck.RandomCase(sizes, hidden, loss, rows, seed);
            return new GradCheckCase(net, x, t, loss);
        });

    /// <summary>A saved model's network and loss on a random batch.</summary>
    public static Fin<GradCheckCase> RandomRows(TrainedModel<double> model, int rows, long seed) =>
        WithinBudget(model.Network.Sizes, rows).Map(_ =>
        {
            var s = new Sampler(Rng.FromSeed(seed));
            var (x, t) = GradCheck.RandomBatch(model.Network, model.Loss, rows, ref s);
            return new GradCheckCase(model.Network, x, t, model.Loss);
        });

    /// <summary>A saved model on the first <paramref name="rows"/> labelled rows of <paramref name="table"/>, read as it reads them (its columns, classes and preprocessing).</summary>
    public static Fin<GradCheckCase> ModelRows(TrainedModel<double> model, Table<double> table, int rows) =>
        from _ in WithinBudget(model.Network.Sizes, Math.Min(rows, table.Rows))
        from examples in model.Examples(table)
        let first = First(examples.Examples, rows)
        select new GradCheckCase(model.Network, first.Features, first.Targets, model.Loss);

    /// <summary>
    /// A random network fitted to the shape of <paramref name="table"/>, with the output layer and
    /// loss training would give it (<paramref name="loss"/> when given: it must fit the targets),
    /// on its first <paramref name="rows"/> labelled rows, encoded as training would encode them
    /// and standardized (raw features such as digits' 0…16 would saturate the units).
    /// </summary>
    public static Fin<GradCheckCase> DataRows(Table<double> table, Loss? loss, ImmutableArray<int> hidden, Activation activation,
        int rows, long seed, TaskKind task = TaskKind.Auto) =>
        from targets in Targets.Decide(table, task)
        from output in Outputs.Choose(targets, table.Name, loss)
        let n = Math.Min(rows, targets.Rows.Length)
        let at = targets.Rows.Take(n).ToArray()
        from inputs in Preprocessor.Fit(table, at, new PreprocessSettings(ScalerKind.Standardize, ImputeKind.Auto, int.MaxValue))
        let sizes = (int[])[inputs.Width, .. hidden, output.Outputs]
        from _ in WithinBudget(sizes, n)
        from encoded in inputs.Encode(table, at)
        let labelled = new Dataset<double>(table.Name, encoded.X, inputs.InputNames, targets.Values.SliceRows(0, n), targets.Names,
            targets.Classes, targets.IsClassification ? targets.Labels[..n] : [])
        let first = Outputs.ShapeTargets(labelled, output.Outputs)
        let net = GradCheck.RandomCase(sizes, activation, output.Loss, 1, seed, output.Activation).Net
        select new GradCheckCase(net, first.Features, first.Targets, output.Loss);

    // Checked from the widths, before a network of that size is built.
    private static Fin<Unit> WithinBudget(IReadOnlyList<int> sizes, int rows)
    {
        var parameters = Enumerable.Range(0, sizes.Count - 1).Sum(l => (sizes[l] + 1.0) * sizes[l + 1]);
        return parameters * parameters * rows <= MaxWork ? Unit.Default
            : Error.New($"a {string.Join("-", sizes)} network has {parameters} parameters; checking them on {rows} rows is too much " +
                "work for a numerical check (each parameter costs four forward passes): use fewer rows or a smaller network");
    }

    private static Dataset<double> First(Dataset<double> data, int rows)
    {
        var n = Math.Min(data.Rows, rows);
        return n == data.Rows ? data : data.SelectRows([.. Enumerable.Range(0, n)]);
    }
}
