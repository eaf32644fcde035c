using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;

namespace Mlp.Cli;

/// <summary>
/// Data read the way a saved model needs it (<c>predict</c>, <c>evaluate</c>, <c>gradcheck
/// --model</c>, <c>train --init-model</c>): the model's feature columns by name, in its order
/// (other columns ignored), labels matched to the model's classes. Every mismatch is an
/// <see cref="Error"/> naming the file and the column, for exit code 2.
/// </summary>
public static class ModelData
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The model's class names: its own, or <c>0 … k−1</c> for a classifier (cross-entropy or
    /// binary cross-entropy) saved without names (two for one sigmoid unit); <c>null</c> for regression.
    /// </summary>
    public static ImmutableArray<string>? ClassesOf<T>(TrainedModel<T> model) where T : IFloatingPointIeee754<T> =>
        model.Classes is { Length: > 0 } named ? named
        : model.Loss is Loss.CrossEntropy or Loss.BinaryCrossEntropy
            ? [.. Enumerable.Range(0, model.Network.Outputs == 1 ? 2 : model.Network.Outputs).Select(k => k.ToString(Inv))]
            : null;

    /// <summary>
    /// The rows to use from <paramref name="nameOrPath"/>: a CSV file, or a built-in data set
    /// (its test set when it ships one, as fashion-mnist does).
    /// </summary>
    public static Fin<Dataset<T>> Load<T>(string nameOrPath, CsvOptions options) where T : IFloatingPointIeee754<T> =>
        DataSources.Load<T>(nameOrPath, options).Map(s => s.Test ?? s.Train);

    /// <summary>
    /// The raw (unscaled) model inputs of every row: the model's feature columns by name, or, for
    /// a model without feature names, every column, which must then be as many as its inputs.
    /// </summary>
    public static Fin<Matrix<T>> Inputs<T>(TrainedModel<T> model, string nameOrPath) where T : IFloatingPointIeee754<T>
    {
        var builtIn = BuiltIn.Names.Contains(nameOrPath);
        var csv = CsvOptions.Default with { Targets = builtIn ? default : [], Features = model.Features ?? default };
        return Load<T>(nameOrPath, csv)
            .Bind(data => Columns(data, model))
            .Map(data => data.Features);
    }

    /// <summary>
    /// Features and targets for scoring a model: classification when the model has classes (one
    /// target column, each label one of the model's classes), else regression on the numeric
    /// <paramref name="target"/> columns (default: the last column, for a model of one output).
    /// Targets are shaped for the output layer (one 0/1 column for one sigmoid unit).
    /// </summary>
    public static Fin<Dataset<T>> Labelled<T>(TrainedModel<T> model, string nameOrPath, ImmutableArray<string> target)
        where T : IFloatingPointIeee754<T>
    {
        var classes = ClassesOf(model);
        var net = model.Network;
        if (classes is null && target.IsDefaultOrEmpty && net.Outputs > 1 && !BuiltIn.Names.Contains(nameOrPath))
            return Error.New($"the model has {net.Outputs} outputs; name the {net.Outputs} target columns of {nameOrPath} with --target a,b,…");
        var csv = CsvOptions.Default with
        {
            Targets = target.IsDefaultOrEmpty ? default : target,
            Features = model.Features ?? default,
            Classes = classes ?? default,
            Task = classes is null ? TaskKind.Regression : TaskKind.Classification,
        };
        return Load<T>(nameOrPath, csv).Bind(data => Align(data, model));
    }

    /// <summary>
    /// A labelled data set made to fit the model: its feature columns picked by name, its labels
    /// renumbered to the model's classes, its targets shaped for the output layer.
    /// </summary>
    public static Fin<Dataset<T>> Align<T>(Dataset<T> data, TrainedModel<T> model) where T : IFloatingPointIeee754<T> =>
        Columns(data, model).Bind(d => Targets(d, ClassesOf(model), model.Network));

    /// <summary>The model's preprocessing applied to raw inputs (none: the inputs as they are).</summary>
    public static Matrix<T> Scale<T>(TrainedModel<T> model, Matrix<T> x) where T : IFloatingPointIeee754<T> =>
        model.Preprocessing is { } scaler ? scaler.Apply(x) : x;

    /// <summary>Targets shaped for the output layer: one 0/1 column (the second class) for a single unit.</summary>
    public static Dataset<T> ShapeTargets<T>(Dataset<T> data, int outputs) where T : IFloatingPointIeee754<T> =>
        data.IsClassification && outputs == 1 && data.Targets.Cols == 2
            ? data with { Targets = Matrix<T>.Build(data.Rows, 1, (i, _) => T.CreateChecked(data.Labels[i])) }
            : data;

    // The model's features in its order. CSV files were read that way already; a built-in data
    // set has its own columns, picked here by name.
    private static Fin<Dataset<T>> Columns<T>(Dataset<T> data, TrainedModel<T> model) where T : IFloatingPointIeee754<T>
    {
        var inputs = model.Network.Inputs;
        if (model.Features is not { } wanted)
            return data.Features.Cols == inputs ? data
                : Error.New($"{data.Name}: the model names no feature columns, so every column{(data.TargetNames.IsEmpty ? "" : " but the target")} " +
                    $"is an input: expected {inputs}, got {data.Features.Cols}");
        if (data.FeatureNames.SequenceEqual(wanted)) return data;
        var all = data.FeatureNames.AddRange(data.TargetNames);
        var index = wanted.Select(name => data.FeatureNames.IndexOf(name)).ToArray();
        if (Array.IndexOf(index, -1) is var missing and >= 0)
            return Error.New($"{data.Name}: no column named \"{wanted[missing]}\" for the model's feature {missing + 1}; " +
                $"the columns are: {string.Join(", ", all.Take(12))}{(all.Length > 12 ? $", … ({all.Length} in all)" : "")}");
        return data with { Features = Matrix<T>.Build(data.Rows, index.Length, (i, j) => data.Features[i, index[j]]), FeatureNames = wanted };
    }

    // Labels renumbered to the model's classes (a CSV file was read with them already), and the
    // target shape checked against the output layer.
    private static Fin<Dataset<T>> Targets<T>(Dataset<T> data, ImmutableArray<string>? classes, Network<T> net)
        where T : IFloatingPointIeee754<T>
    {
        if (classes is not { } names)
            return data.IsClassification
                ? Error.New($"{data.Name} holds class labels, but the model is a regression model ({net.Outputs} numeric output(s))")
                : data.Targets.Cols == net.Outputs ? data
                : Error.New($"{data.Name}: {data.Targets.Cols} target column(s) ({string.Join(", ", data.TargetNames)}), " +
                    $"but the model has {net.Outputs} output(s); name them with --target");
        if (!data.IsClassification)
            return Error.New($"{data.Name}: the target {string.Join(",", data.TargetNames)} is numeric, but the model is a classifier");
        if (!data.Classes.SequenceEqual(names))
        {
            var map = data.Classes.Select(c => names.IndexOf(c)).ToArray();
            if (data.Labels.FirstOrDefault(l => map[l] < 0, -1) is var bad and >= 0)
                return Error.New($"{data.Name}: row {data.Labels.IndexOf(bad) + 1} has the class \"{data.Classes[bad]}\", " +
                    $"which the model does not know; its classes are: {string.Join(", ", names)}");
            var labels = data.Labels.Select(l => map[l]).ToArray();
            data = data with { Classes = names, Labels = [.. labels], Targets = OneHot.Encode<T>(labels, names.Length) };
        }
        return ShapeTargets(data, net.Outputs);
    }
}
