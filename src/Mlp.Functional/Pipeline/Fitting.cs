using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
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
    /// <paramref name="test"/>, when given, is scored at the end and never trained on.
    /// </summary>
    [Pure]
    public static Fin<FitPlan<T>> Plan<T>(Dataset<T> data, FitOptions options, Dataset<T>? test = null,
        TrainedModel<T>? start = null) where T : IFloatingPointIeee754<T>
    {
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
        var output = start is null ? Outputs.Choose(data, options.Loss) : Outputs.Of(start, data);
        if (output.IsFail) return (Error)output;
        var (outputs, activation, loss) = ((int, Activation, Loss))output;
        data = Outputs.ShapeTargets(data, outputs);
        test = test is null ? null : Outputs.ShapeTargets(test, outputs);

        // Hold out first, then fit the preprocessing on what is left: validation rows never shape it.
        var (train, valid) = Split.HoldOut(data, options.ValidationShare(data.Rows, test is not null), options.Seed);
        if (train.Rows == 0) return Error.New($"{data.Name}: no training rows left after holding out validation rows");
        var scaler = start is not null ? start.Preprocessing
            : options.Preprocess is { } kind ? Scaler.Fit(kind, train) : null;
        var net = start?.Network ?? Init.Network<T>([data.Features.Cols, .. options.Hidden, outputs], options.Activation,
            activation, options.Initializer, options.Seed);
        var batch = options.BatchSize ?? train.Rows;
        var config = new TrainConfig(loss, options.Epochs, options.BatchSize ?? 0, options.Shuffle, options.Seed, options.EarlyStopping)
        {
            Parallelism = options.Parallelism,
        };
        return new FitPlan<T>(data.Name, net, options.OptimizerFor((train.Rows + batch - 1) / Math.Max(1, batch)), config,
            scaler, train, Encode(scaler, train), Encode(scaler, valid), Encode(scaler, test), options.EarlyStopping is not null);
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

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(data))]
    private static Dataset<T>? Encode<T>(Scaler? scaler, Dataset<T>? data) where T : IFloatingPointIeee754<T> =>
        data is null || scaler is null ? data : scaler.Apply(data);
}
