using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Pipeline;

/// <summary>A trained model and the reports of the run that trained it.</summary>
public sealed record Fitted<T>(TrainedModel<T> Model, ImmutableArray<EpochReport<T>> Reports, FitPlan<T> Plan)
    where T : IFloatingPointIeee754<T>;

/// <summary>
/// From a table to a trained model: hold out the validation rows first, then fit the
/// preprocessing on the training rows only, choose the output layer and loss, build the network
/// and optimizer, train. <see cref="Plan"/> does everything but the training, for a caller that
/// wants to watch it (the command line draws progress); <see cref="Fit"/> runs it to the end.
/// </summary>
public static class Fitting
{
    /// <summary>
    /// Everything a run needs, ready. With <paramref name="start"/> (a saved model to continue
    /// from) its layers, loss, classes and preprocessing are kept and the data is made to fit it.
    /// <paramref name="test"/>, when given, is scored at the end and never trained on; it must
    /// have the training data's columns and classes.
    /// </summary>
    [Pure]
    public static Fin<FitPlan<T>> Plan<T>(Dataset<T> data, FitOptions options, Dataset<T>? test = null,
        TrainedModel<T>? start = null) where T : IFloatingPointIeee754<T>
    {
        var valid = options.Validate();
        if (valid.IsFail) return Error.New(string.Join("; ", valid.FailToSeq().Map(e => e.Message)));
        if (start is not null)
        {
            var aligned = start.Align(data);
            if (aligned.IsFail) return (Error)aligned;
            data = (Dataset<T>)aligned;
            if (test is not null)
            {
                var alignedTest = start.Align(test);
                if (alignedTest.IsFail) return (Error)alignedTest;
                test = (Dataset<T>)alignedTest;
            }
        }
        if (test is not null && Mismatch(data, test) is { } why) return Error.New($"{test.Name}: {why}");
        // A saved model keeps its output layer and loss (Align has made the data fit them).
        var output = start is null ? Outputs.Choose(data, options.Loss)
            : (start.Network.Outputs, start.Network.OutputActivation, start.Loss);
        if (output.IsFail) return (Error)output;
        var (outputs, activation, loss) = ((int, Activation, Loss))output;
        data = Outputs.ShapeTargets(data, outputs);
        test = test is null ? null : Outputs.ShapeTargets(test, outputs);

        // Hold out first, then fit the preprocessing on what is left: validation rows never shape it.
        var (train, held) = Split.HoldOut(data, options.ValidationShare(data.Rows, test is not null), options.Seed);
        if (train.Rows == 0) return Error.New($"{data.Name}: no training rows left after holding out validation rows");
        var fitted = start is not null ? start.Inputs
            : Preprocessor.Fit(Table<T>.Of(train), [.. Enumerable.Range(0, train.Rows)], options.Preprocessing);
        if (fitted.IsFail) return (Error)fitted;
        var inputs = (Preprocessor)fitted;
        var net = start?.Network ?? Init.Network<T>([data.Features.Cols, .. options.Hidden, outputs], options.Activation,
            activation, options.Initializer, options.Seed);
        var config = options.ConfigFor(loss);
        return new FitPlan<T>(data.Name, net, options.OptimizerFor(config.BatchesPerEpoch(train.Rows)), config,
            inputs, train, Encode(inputs, train), Encode(inputs, held), Encode(inputs, test));
    }

    /// <summary>Plans and trains to the end (or to early stopping, divergence or <paramref name="cancel"/>).</summary>
    public static Fin<Fitted<T>> Fit<T>(Dataset<T> data, FitOptions options, Dataset<T>? test = null,
        TrainedModel<T>? start = null, CancellationToken cancel = default) where T : IFloatingPointIeee754<T> =>
        Plan(data, options, test, start).Map(plan =>
        {
            var reports = Trainer.EpochsOf(plan.Run(cancel)).ToImmutableArray();
            var last = reports.IsEmpty ? null : reports[^1];
            return new Fitted<T>(plan.ModelOf(plan.Final(last, cancel.IsCancellationRequested)), reports, plan);
        });

    // Why a test set cannot be scored like the training data, if it cannot.
    private static string? Mismatch<T>(Dataset<T> data, Dataset<T> test) where T : IFloatingPointIeee754<T> =>
        !test.FeatureNames.SequenceEqual(data.FeatureNames) || test.Features.Cols != data.Features.Cols
            ? $"the test rows have the columns {string.Join(", ", test.FeatureNames.Take(8))}; expected the training data's, " +
              string.Join(", ", data.FeatureNames.Take(8))
        : test.IsClassification != data.IsClassification
            ? $"the test rows' target is {(test.IsClassification ? "a class" : "numeric")}, the training data's is not"
        : data.IsClassification && !test.Classes.SequenceEqual(data.Classes)
            ? $"the test rows' classes are {string.Join(", ", test.Classes)}; expected the training data's, {string.Join(", ", data.Classes)}"
        : !data.IsClassification && test.Targets.Cols != data.Targets.Cols
            ? $"the test rows have {test.Targets.Cols} target column(s); expected {data.Targets.Cols}"
        : null;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(data))]
    private static Dataset<T>? Encode<T>(Preprocessor inputs, Dataset<T>? data) where T : IFloatingPointIeee754<T> =>
        data is null ? data : data with { Features = inputs.Encode(data.Features), FeatureNames = inputs.InputNames };
}
