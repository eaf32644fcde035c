using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Training;

namespace Mlp.Cli;

/// <summary>
/// Everything a training run needs, ready: scaled splits, the network to start from, the loss,
/// the optimizer and the trainer's configuration.
/// </summary>
public sealed record TrainPlan(
    Network<float> Network,
    Loss Loss,
    Dataset<float> Train,
    Dataset<float>? Valid,
    Dataset<float>? Test,
    Scaler? Scaler,
    IGradientTransform Optimizer,
    TrainConfig Config,
    string DataName);

/// <summary>
/// Turns checked options into a <see cref="TrainPlan"/>: reads the data (and the model of
/// <c>--init-model</c>), chooses the output layer and loss, splits off validation rows, fits the
/// preprocessing on the training rows only, and builds the network and optimizer. Every
/// problem with the inputs comes back as one <see cref="Error"/> for exit code 2.
/// </summary>
public static class TrainSetup
{
    /// <summary>Prepares the run the options describe.</summary>
    public static Fin<TrainPlan> Prepare(TrainOptions o)
    {
        TrainedModel<float>? model = null;
        if (o.InitModel is { } path)
        {
            var loaded = ModelFile.Load<float>(path);
            if (loaded.IsFail) return (Error)loaded;
            model = (TrainedModel<float>)loaded;
        }
        var modelClasses = model is null ? null : ModelData.ClassesOf(model);
        var csv = CsvOptions.Default with
        {
            Targets = o.Target.IsDefaultOrEmpty ? default : o.Target,
            Features = model?.Features ?? default,
            Classes = modelClasses ?? default,
            Task = model is null ? TaskKind.Auto : modelClasses is null ? TaskKind.Regression : TaskKind.Classification,
        };
        var source = DataSources.Load<float>(o.Data.NameOrPath, csv);
        if (source.IsFail) return (Error)source;
        var (all, shippedTest) = (DataSource<float>)source;
        var test = shippedTest;
        if (model is not null)
        {
            // A built-in data set has its own columns and class order: match them to the model's by name.
            var aligned = ModelData.Align(all, model);
            if (aligned.IsFail) return (Error)aligned;
            all = (Dataset<float>)aligned;
            if (test is not null)
            {
                var alignedTest = ModelData.Align(test, model);
                if (alignedTest.IsFail) return (Error)alignedTest;
                test = (Dataset<float>)alignedTest;
            }
        }
        if (o.Test is { } testPath)
        {
            var read = CsvFile.Load<float>(testPath, csv with
            {
                Targets = all.TargetNames,
                Features = all.FeatureNames,
                Classes = all.IsClassification ? all.Classes : default,
                Task = all.IsClassification ? TaskKind.Classification : TaskKind.Regression,
            });
            if (read.IsFail) return (Error)read;
            test = (Dataset<float>)read;
        }
        if (o.PlotBoundary is not null && (all.Features.Cols != 2 || !all.IsClassification))
            return Error.New($"--plot-boundary: draws the decision regions of data with 2 inputs and class labels; {all.Name} has " +
                $"{all.Features.Cols} input(s){(all.IsClassification ? "" : " and a numeric target")}");
        var output = model is null ? ChooseOutput(o, all) : FromModel(model, all);
        if (output.IsFail) return (Error)output;
        var (outputs, outputAct, loss) = ((int, Activation, Loss))output;
        all = ModelData.ShapeTargets(all, outputs);
        test = test is null ? null : ModelData.ShapeTargets(test, outputs);

        var (train, valid) = Split.HoldOut(all, o.Validation ?? ValidationFraction(all.Rows, test is not null, o.EarlyStopping is not null), o.Seed);
        var scaler = model is not null ? model.Preprocessing
            : o.Preprocess is { } kind ? Scaler.Fit(kind, train) : null;
        if (scaler is not null)
            (train, valid, test) = (scaler.Apply(train), valid is null ? null : scaler.Apply(valid), test is null ? null : scaler.Apply(test));

        var net = model?.Network ?? Init.Network<float>([all.Features.Cols, .. o.Hidden, outputs], o.Activation,
            outputAct, o.Init, o.Seed);
        var batch = o.BatchSize ?? train.Rows;
        var batches = (train.Rows + batch - 1) / Math.Max(1, batch);
        var optimizer = Optimizers.Create(o.Optimizer, LearningRates(o, batches), o.Momentum,
            o.WeightDecay > 0 ? o.WeightDecay : null, o.ClipNorm);
        var config = new TrainConfig(loss, o.Epochs, o.BatchSize ?? 0, o.Shuffle, o.Seed, o.EarlyStopping)
        {
            Parallelism = o.Threads is { } threads ? new Tensors.Parallelism(threads) : Tensors.Parallelism.Default,
        };
        return new TrainPlan(net, loss, train, valid, test, scaler, optimizer, config, all.Name);
    }

    /// <summary>
    /// The output layer and loss for new networks: classes get softmax with cross-entropy (two
    /// classes: one sigmoid unit with binary cross-entropy, the probability of the second class);
    /// numeric targets get identity units with mse. An explicit <c>--loss</c> must fit the targets.
    /// </summary>
    private static Fin<(int Outputs, Activation Act, Loss Loss)> ChooseOutput(TrainOptions o, Dataset<float> data)
    {
        if (!data.IsClassification)
            return o.Loss is null or Loss.Mse
                ? (data.Targets.Cols, Activation.Identity, Loss.Mse)
                : Error.New($"--loss {o.Loss.Value.Name()} needs class labels, but the target " +
                    $"{string.Join(",", data.TargetNames)} of {data.Name} is numeric (regression); use --loss mse");
        var k = data.Classes.Length;
        return (o.Loss ?? (k == 2 ? Loss.BinaryCrossEntropy : Loss.CrossEntropy)) switch
        {
            Loss.BinaryCrossEntropy => (k == 2 ? 1 : k, Activation.Sigmoid, Loss.BinaryCrossEntropy),
            Loss.Mse => (k, Activation.Softmax, Loss.Mse),
            _ => (k, Activation.Softmax, Loss.CrossEntropy),
        };
    }

    // A loaded model keeps its layers and loss; the data must fit them.
    private static Fin<(int Outputs, Activation Act, Loss Loss)> FromModel(TrainedModel<float> model, Dataset<float> data)
    {
        var net = model.Network;
        if (data.Features.Cols != net.Inputs)
            return Error.New($"the data has {data.Features.Cols} feature columns, but the model expects {net.Inputs}");
        var expected = data.IsClassification && net.Outputs == 1 ? 2 : net.Outputs;
        var have = data.IsClassification ? data.Classes.Length : data.Targets.Cols;
        if (have != expected)
            return Error.New(data.IsClassification
                ? $"the data has {have} classes, but the model's output layer has {net.Outputs} unit(s)"
                : $"the data has {have} target column(s), but the model has {net.Outputs} output(s)");
        return (net.Outputs, net.OutputActivation, model.Loss);
    }

    /// <summary>
    /// The validation share when <c>--validation</c> is not given: 0.2, except 0 when the data
    /// has a test set (fashion-mnist's own, or <c>--test</c>) and no early stopping needs a
    /// validation loss, or when there are too few rows (under 50, like xor) to spare any.
    /// </summary>
    public static double ValidationFraction(int rows, bool hasTest, bool earlyStopping) =>
        rows < 50 || (hasTest && !earlyStopping) ? 0 : 0.2;

    // Learning-rate schedules count optimizer steps; the command line speaks in epochs.
    private static Optim.Schedule LearningRates(TrainOptions o, int batchesPerEpoch) => o.Schedule switch
    {
        ScheduleName.Step => new PerEpoch(new StepDecay(o.LearningRate, Math.Max(1, o.Epochs / 3), 0.1), batchesPerEpoch),
        ScheduleName.Cosine => new WarmupCosine(o.LearningRate, Math.Min(o.Warmup, o.Epochs) * batchesPerEpoch,
            o.Epochs * batchesPerEpoch),
        _ => o.LearningRate,
    };
}
