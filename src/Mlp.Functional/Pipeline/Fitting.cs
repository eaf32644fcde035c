using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Pipeline;

/// <summary>A trained model and the reports of the run that trained it.</summary>
public sealed record Fitted<T>(TrainedModel<T> Model, ImmutableArray<EpochReport<T>> Reports, FitPlan<T> Plan)
    where T : IFloatingPointIeee754<T>;

/// <summary>
/// From a table to a trained model: decide the task and targets (rows without a target are
/// dropped), hold out the validation rows, fit the preprocessing on the training rows only,
/// encode every split with it, choose the output layer and loss, build the network and
/// optimizer, train. <see cref="Plan{T}(Table{T}, FitOptions, Table{T}?, TrainedModel{T}?)"/>
/// does everything but the training, for a caller that wants to watch it (the command line
/// draws progress); <see cref="Fit{T}(Table{T}, FitOptions, Table{T}?, TrainedModel{T}?, CancellationToken)"/>
/// runs it to the end.
/// </summary>
public static class Fitting
{
    /// <summary>
    /// Everything a run on <paramref name="table"/> needs, ready. With <paramref name="start"/> (a
    /// saved model to continue from) its layers, loss, task, classes and preprocessing are kept and
    /// the table is read to fit them. <paramref name="test"/>, when given, is encoded with the
    /// training rows' preprocessing, scored at the end and never trained on.
    /// </summary>
    [Pure]
    public static Fin<FitPlan<T>> Plan<T>(Table<T> table, FitOptions options, Table<T>? test = null,
        TrainedModel<T>? start = null) where T : IFloatingPointIeee754<T> =>
        Plan(table, options, test, start, default);

    /// <summary>As <see cref="Plan{T}(Table{T}, FitOptions, Table{T}?, TrainedModel{T}?)"/>, on a data set of numbers (its task and classes kept).</summary>
    [Pure]
    public static Fin<FitPlan<T>> Plan<T>(Dataset<T> data, FitOptions options, Dataset<T>? test = null,
        TrainedModel<T>? start = null) where T : IFloatingPointIeee754<T> =>
        Plan(Table<T>.Of(data), options with { Task = data.IsClassification ? TaskKind.Classification : TaskKind.Regression },
            test is null ? null : Table<T>.Of(test), start, data.IsClassification ? data.Classes : default);

    /// <summary>Plans and trains to the end (or to early stopping, divergence or <paramref name="cancel"/>).</summary>
    public static Fin<Fitted<T>> Fit<T>(Table<T> table, FitOptions options, Table<T>? test = null,
        TrainedModel<T>? start = null, CancellationToken cancel = default) where T : IFloatingPointIeee754<T> =>
        Plan(table, options, test, start).Map(plan => Run(plan, cancel));

    /// <summary>As <see cref="Fit{T}(Table{T}, FitOptions, Table{T}?, TrainedModel{T}?, CancellationToken)"/>, on a data set of numbers.</summary>
    public static Fin<Fitted<T>> Fit<T>(Dataset<T> data, FitOptions options, Dataset<T>? test = null,
        TrainedModel<T>? start = null, CancellationToken cancel = default) where T : IFloatingPointIeee754<T> =>
        Plan(data, options, test, start).Map(plan => Run(plan, cancel));

    private static Fitted<T> Run<T>(FitPlan<T> plan, CancellationToken cancel) where T : IFloatingPointIeee754<T>
    {
        var reports = Trainer.EpochsOf(plan.Run(cancel)).ToImmutableArray();
        var last = reports.IsEmpty ? null : reports[^1];
        return new Fitted<T>(plan.ModelOf(plan.Final(last, cancel.IsCancellationRequested)), reports, plan);
    }

    private static Fin<FitPlan<T>> Plan<T>(Table<T> table, FitOptions options, Table<T>? test, TrainedModel<T>? start,
        ImmutableArray<string> classes) where T : IFloatingPointIeee754<T>
    {
        var valid = options.Validate();
        if (valid.IsFail) return Error.New(string.Join("; ", valid.FailToSeq().Map(e => e.Message)));

        // The task: a saved model's, or asked for (mse alone asks for regression), or decided from the targets.
        var task = start?.Task ?? (options.Task == TaskKind.Auto && options.Loss == Loss.Mse ? TaskKind.Regression : options.Task);
        if (start is { Task: TaskKind.Classification }) classes = start.ClassNames;
        var decided = Targets.Decide(table, task, classes);
        if (decided.IsFail)
            return start is null && options.Task == TaskKind.Auto && options.Loss == Loss.Mse
                ? Error.New($"{((Error)decided).Message} (the loss mse asks for regression; for mse on class labels, ask for classification)")
                : (Error)decided;
        var targets = (Targets<T>)decided;
        var why = start is not null ? $"{TaskName(task)}: the model's task"
            : options.Task == TaskKind.Auto && options.Loss == Loss.Mse ? "regression: the loss mse asks for numeric targets"
            : targets.Reason;

        // A saved model keeps its output layer and loss; its outputs must fit the targets.
        var output = start is null ? Outputs.Choose(targets, table.Name, options.Loss)
            : Fits(start, targets, table.Name);
        if (output.IsFail) return (Error)output;
        var (outputs, activation, loss) = ((int, Activation, Loss))output;

        Targets<T>? testTargets = null;
        if (test is not null)
        {
            // Columns first: a table of other columns is best told so, not that its labels are unknown.
            var names = test.FeatureNames.AddRange(test.TargetNames).ToHashSet();
            if (start is null && table.Features.FirstOrDefault(c => !names.Contains(c.Name)) is { } missing)
                return Error.New($"{Echo.Path(test.Name)}: no column named {Echo.Quote(missing.Name)}, an input column of {Echo.Path(table.Name)}; " +
                    $"the test rows have the columns {Echo.List([.. test.FeatureNames, .. test.TargetNames])}");
            var decidedTest = Targets.Decide(test, targets.Task, targets.IsClassification ? targets.Classes : default);
            if (decidedTest.IsFail) return (Error)decidedTest;
            testTargets = (Targets<T>)decidedTest;
            if (testTargets.Values.Cols != targets.Values.Cols)
                return Error.New($"{Echo.Path(test.Name)}: {testTargets.Values.Cols} target column(s) ({Echo.List(testTargets.Names)}); " +
                    $"expected the training data's {targets.Values.Cols} ({Echo.List(targets.Names)})");
        }

        // Hold out first, then fit the preprocessing on what is left: validation rows never shape it.
        var kept = targets.Rows.Length;
        var (trainAt, validAt) = Split.HoldOut(kept, targets.Labels, targets.Classes.Length,
            options.ValidationShare(kept, test is not null), options.Seed);
        if (trainAt.Length == 0) return Error.New($"{Echo.Path(table.Name)}: no training rows left after holding out validation rows");
        var trainRows = Pick(targets.Rows, trainAt);
        var fitted = start is not null ? start.Inputs : Preprocessor.Fit(table, trainRows, options.Preprocessing);
        if (fitted.IsFail) return (Error)fitted;
        var inputs = (Preprocessor)fitted;
        // Checked before anything is encoded or built: a network over a model file's limits could never be saved.
        int[] sizes = [inputs.Width, .. options.Hidden, outputs];
        if (start is null && ModelLimits.Problem(sizes, $"the network {ModelLimits.Shape(sizes)}") is { } tooLarge)
            return Error.New($"{table.Name}: {tooLarge} ({inputs.Width} encoded inputs, {outputs} outputs)");

        var train = Examples(inputs, table, targets, trainAt, outputs, false);
        if (train.IsFail) return (Error)train;
        Fin<(Dataset<T>, EncodeReport)>? held = validAt is null ? default(Fin<(Dataset<T>, EncodeReport)>?) : Examples(inputs, table, targets, validAt, outputs, options.UnknownIsError);
        if (held is { IsFail: true }) return (Error)held.Value;
        Fin<(Dataset<T>, EncodeReport)>? scored = testTargets is null ? default(Fin<(Dataset<T>, EncodeReport)>?)
            : Examples(inputs, test!, testTargets, [.. Enumerable.Range(0, testTargets.Rows.Length)], outputs, options.UnknownIsError);
        if (scored is { IsFail: true }) return (Error)scored.Value;

        var trainSet = ((Dataset<T>, EncodeReport))train;
        var validSet = held is null ? ((Dataset<T>, EncodeReport)?)null : ((Dataset<T>, EncodeReport))held.Value;
        var testSet = scored is null ? ((Dataset<T>, EncodeReport)?)null : ((Dataset<T>, EncodeReport))scored.Value;
        var net = start?.Network ?? Init.Network<T>([inputs.Width, .. options.Hidden, outputs], options.Activation,
            activation, options.Initializer, options.Seed);
        var config = options.ConfigFor(loss);
        var notes = new DataNotes(why, options.Task == TaskKind.Auto && start is null, table.Notes, targets.Dropped,
            testTargets?.Dropped ?? 0, trainSet.Item2, validSet?.Item2, testSet?.Item2, test?.Notes ?? []);
        return new FitPlan<T>(table.Name, net, options.OptimizerFor(config.BatchesPerEpoch(trainAt.Length)), config,
            inputs, table, [.. trainRows], trainSet.Item1, validSet?.Item1, testSet?.Item1) { Notes = notes, Options = options };
    }

    private static string TaskName(TaskKind task) => task == TaskKind.Classification ? "classification" : "regression";

    // A saved model's output layer and loss, if its outputs fit the targets.
    private static Fin<(int, Activation, Loss)> Fits<T>(TrainedModel<T> start, Targets<T> targets, string name)
        where T : IFloatingPointIeee754<T>
    {
        var net = start.Network;
        var wanted = targets.IsClassification ? targets.Classes.Length : targets.Values.Cols;
        var fits = targets.IsClassification ? net.Outputs == wanted || (net.Outputs == 1 && wanted == 2) : net.Outputs == wanted;
        return fits ? (net.Outputs, net.OutputActivation, start.Loss)
            : Error.New($"{Echo.Path(name)}: {wanted} {(targets.IsClassification ? "classes" : "target column(s)")} " +
                $"({Echo.List(targets.IsClassification ? targets.Classes : targets.Names)}), but the model has {net.Outputs} output(s)");
    }

    // The kept rows at `at` (positions among the targets' rows) as encoded examples, targets
    // shaped for `outputs` units, and what encoding them filled or did not know.
    private static Fin<(Dataset<T>, EncodeReport)> Examples<T>(Preprocessor inputs, Table<T> table, Targets<T> targets,
        int[] at, int outputs, bool unknownIsError) where T : IFloatingPointIeee754<T>
    {
        var encoded = inputs.Encode(table, Pick(targets.Rows, at), unknownIsError);
        if (encoded.IsFail) return (Error)encoded;
        var (x, report) = ((Matrix<T>, EncodeReport))encoded;
        var data = new Dataset<T>(table.Name, x, inputs.InputNames, targets.Values.GatherRows(at), targets.Names,
            targets.Classes, targets.IsClassification ? [.. Pick(targets.Labels, at)] : []);
        return (Outputs.ShapeTargets(data, outputs), report);
    }

    private static int[] Pick(ImmutableArray<int> values, int[] at)
    {
        var picked = new int[at.Length];
        for (var i = 0; i < at.Length; i++) picked[i] = values[at[i]];
        return picked;
    }
}
