using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Cli;

/// <summary>What a gradient check runs on: a network in double, a batch, its targets, the loss, and where they came from.</summary>
public sealed record GradcheckProblem(Network<double> Net, Matrix<double> X, Matrix<double> T, Loss Loss, string Source);

public static partial class GradcheckCommand
{
    /// <summary>Rows of a data file checked when no <c>--batch-size</c> is given: each parameter costs two forward passes over them.</summary>
    public const int DefaultDataRows = 32;

    /// <summary>The most work a check may take: parameters² × rows (each parameter, two forward passes over the rows).</summary>
    public const double MaxWork = 1e10;

    /// <summary>The output activation each loss is checked with.</summary>
    public static Activation OutputFor(Loss loss) =>
        loss switch { Loss.CrossEntropy => Activation.Softmax, Loss.BinaryCrossEntropy => Activation.Sigmoid, _ => Activation.Identity };

    /// <summary>
    /// The problem the options describe. <c>--model</c>: the model's network (read in double) and
    /// loss; <c>--data</c> with it: the file's first rows read as the model reads them (its feature
    /// columns, classes and preprocessing). <c>--data</c> alone: a random network whose inputs and
    /// outputs the data decides, on its first rows, standardized. Neither: <see cref="RandomProblem"/>.
    /// </summary>
    public static Fin<GradcheckProblem> Problem(GradcheckOptions o)
    {
        var problem = o.Model is { } path
            ? ModelFile.Load<double>(path).Bind(model => o.Data is { } data ? ModelRows(o, model, data) : RandomRows(o, model))
            : o.Data is { } file ? DataRows(o, file)
            : Random(o);
        return problem.Bind(p => Math.Pow(p.Net.Params.Size, 2) * p.X.Rows <= MaxWork ? Fin<GradcheckProblem>.Succ(p)
            : Error.New($"{p.Net} has {p.Net.Params.Size} parameters; checking them on {p.X.Rows} rows is too much work for a " +
                "numerical check (each parameter costs two forward passes): use fewer rows with --batch-size"));
    }

    private static Fin<GradcheckProblem> Random(GradcheckOptions o)
    {
        var (net, x, t) = RandomProblem(o);
        return new GradcheckProblem(net, x, t, o.Loss ?? Loss.CrossEntropy, $"{x.Rows} random samples");
    }

    private static Fin<GradcheckProblem> RandomRows(GradcheckOptions o, TrainedModel<double> model)
    {
        var s = new Sampler(Rng.FromSeed(o.Seed));
        var (x, t) = RandomBatch(model.Network, model.Loss, o.BatchSize ?? 4, ref s);
        return new GradcheckProblem(model.Network, x, t, model.Loss, $"{x.Rows} random samples");
    }

    private static Fin<GradcheckProblem> ModelRows(GradcheckOptions o, TrainedModel<double> model, string data) =>
        ModelData.Labelled(model, data, default).Map(rows =>
        {
            var first = First(rows, o.BatchSize);
            return new GradcheckProblem(model.Network, ModelData.Scale(model, first.Features), first.Targets, model.Loss,
                $"the first {first.Rows} rows of {data}");
        });

    // A random network fitted to the data's shape; the loss is --loss (it must fit the targets) or chosen as train does.
    private static Fin<GradcheckProblem> DataRows(GradcheckOptions o, string data) =>
        ModelData.Load<double>(data, CsvOptions.Default).Bind<GradcheckProblem>(all =>
        {
            if (!all.IsClassification && o.Loss is Loss.CrossEntropy or Loss.BinaryCrossEntropy)
                return Error.New($"--loss {o.Loss.Value.Name()} needs class labels, but the target {string.Join(",", all.TargetNames)} " +
                    $"of {data} is numeric (regression); use --loss mse");
            var k = all.Classes.Length;
            var loss = o.Loss ?? (!all.IsClassification ? Loss.Mse : k == 2 ? Loss.BinaryCrossEntropy : Loss.CrossEntropy);
            var outputs = !all.IsClassification ? all.Targets.Cols : loss == Loss.BinaryCrossEntropy && k == 2 ? 1 : k;
            var rows = ModelData.ShapeTargets(First(all, o.BatchSize), outputs);
            var (net, _, _) = RandomProblem(o with { Inputs = all.Features.Cols, Outputs = outputs, Loss = loss, BatchSize = 1 });
            // Raw features (digits' 0…16) would saturate the units; train standardizes too.
            var x = Scaler.Fit(ScalerKind.Standardize, rows.Features).Apply(rows.Features);
            return new GradcheckProblem(net, x, rows.Targets, loss, $"the first {rows.Rows} rows of {data} (standardized)");
        });

    private static Dataset<double> First(Dataset<double> data, int? rows)
    {
        var n = Math.Min(data.Rows, rows ?? DefaultDataRows);
        return n == data.Rows ? data : data.SelectRows([.. Enumerable.Range(0, n)]);
    }

    /// <summary>
    /// A random network of the options' shape (small random biases too, so no bias sits at an
    /// untypical zero) with a random batch of inputs and targets that fit the loss.
    /// </summary>
    public static (Network<double> Net, Matrix<double> X, Matrix<double> T) RandomProblem(GradcheckOptions o)
    {
        var loss = o.Loss ?? Loss.CrossEntropy;
        var (weights, data) = Rng.FromSeed(o.Seed).Split();
        int[] sizes = [o.Inputs, .. o.Hidden, o.Outputs];
        var net = Init.Network<double>(sizes, [.. Enumerable.Range(0, sizes.Length - 1)
            .Select(l => l == sizes.Length - 2 ? OutputFor(loss) : o.Activation)], Initializer.XavierUniform, weights);
        var s = new Sampler(data);
        var leaves = net.Params.Leaves.Select((leaf, i) => i % 2 == 0 ? leaf
            : Matrix<double>.Build(leaf.Rows, leaf.Cols, (_, _) => s.Uniform(0.5))).ToImmutableArray();
        var (x, t) = RandomBatch(net, loss, o.BatchSize ?? 4, ref s);
        return (net.WithParams(new ParamSet<double>(leaves)), x, t);
    }

    /// <summary>Standard normal inputs and random targets that fit the loss: one-hot rows, 0/1 values, or normal values.</summary>
    public static (Matrix<double> X, Matrix<double> T) RandomBatch(Network<double> net, Loss loss, int rows, ref Sampler s)
    {
        var r = s; // lambdas cannot capture a ref parameter: draw from a copy, hand its state back
        var x = Matrix<double>.Build(rows, net.Inputs, (_, _) => r.Normal());
        var t = loss switch
        {
            Loss.CrossEntropy => OneHot.Encode<double>(Enumerable.Range(0, rows).Select(_ => r.NextInt(net.Outputs)).ToArray(), net.Outputs),
            Loss.BinaryCrossEntropy => Matrix<double>.Build(rows, net.Outputs, (_, _) => r.NextInt(2)),
            _ => Matrix<double>.Build(rows, net.Outputs, (_, _) => r.Normal()),
        };
        s = r;
        return (x, t);
    }
}
