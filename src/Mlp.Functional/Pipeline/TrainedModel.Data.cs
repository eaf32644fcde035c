using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>
/// Data read the way a saved model needs it (to predict, score, check gradients, or train on):
/// the model's feature columns by name, in its order (other columns ignored), labels matched to
/// its classes, targets shaped for its output layer. Every mismatch is an error naming the data
/// and the column.
/// </summary>
public sealed partial record TrainedModel<T>
{
    /// <summary>How to read a CSV of rows to predict: the model's feature columns, no target.</summary>
    [Pure]
    public CsvOptions InputOptions() => CsvOptions.Default with { Targets = [], Features = Features ?? default };

    /// <summary>
    /// How to read a CSV of labelled rows for this model: its feature columns, its classes (a
    /// label outside them is an error), and the <paramref name="target"/> columns (default: the
    /// last column).
    /// </summary>
    [Pure]
    public CsvOptions LabelledOptions(ImmutableArray<string> target = default) => CsvOptions.Default with
    {
        Targets = target.IsDefaultOrEmpty ? default : target,
        Features = Features ?? default,
        Classes = Task == TaskKind.Classification ? ClassNames : default,
        Task = Task,
    };

    /// <summary>The raw inputs of every row of <paramref name="data"/>: the model's feature columns (see <see cref="Align"/>).</summary>
    [Pure]
    public Fin<Matrix<T>> RawInputs(Dataset<T> data) => Columns(data).Map(d => d.Features);

    /// <summary>
    /// A labelled data set made to fit the model: its feature columns picked by name, its labels
    /// renumbered to the model's classes, its targets shaped for the output layer. Still raw:
    /// the model applies its preprocessing itself.
    /// </summary>
    [Pure]
    public Fin<Dataset<T>> Align(Dataset<T> data) => Columns(data).Bind(Labels);

    // The model's features in its order. CSV files were read that way already; a built-in data
    // set has its own columns, picked here by name.
    private Fin<Dataset<T>> Columns(Dataset<T> data)
    {
        var inputs = Network.Inputs;
        if (Features is not { } wanted)
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
    private Fin<Dataset<T>> Labels(Dataset<T> data)
    {
        var net = Network;
        if (Task == TaskKind.Regression)
            return data.IsClassification
                ? Error.New($"{data.Name} holds class labels, but the model is a regression model ({net.Outputs} numeric output(s))")
                : data.Targets.Cols == net.Outputs ? data
                : Error.New($"{data.Name}: {data.Targets.Cols} target column(s) ({string.Join(", ", data.TargetNames)}), " +
                    $"but the model has {net.Outputs} output(s); name its {net.Outputs} target columns");
        if (!data.IsClassification)
            return Error.New($"{data.Name}: the target {string.Join(",", data.TargetNames)} is numeric, but the model is a classifier");
        var names = ClassNames;
        if (!data.Classes.SequenceEqual(names))
        {
            var map = data.Classes.Select(c => names.IndexOf(c)).ToArray();
            if (data.Labels.FirstOrDefault(l => map[l] < 0, -1) is var bad and >= 0)
                return Error.New($"{data.Name}: row {data.Labels.IndexOf(bad) + 1} has the class \"{data.Classes[bad]}\", " +
                    $"which the model does not know; its classes are: {string.Join(", ", names)}");
            var labels = data.Labels.Select(l => map[l]).ToArray();
            data = data with { Classes = names, Labels = [.. labels], Targets = OneHot.Encode<T>(labels, names.Length) };
        }
        return Outputs.ShapeTargets(data, net.Outputs);
    }
}
