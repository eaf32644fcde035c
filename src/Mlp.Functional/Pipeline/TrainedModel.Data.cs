using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>A model's answers for the rows of a table, and what encoding them filled, did not know or ignored.</summary>
/// <param name="Outputs">The network's outputs, <c>[rows × outputs]</c>.</param>
/// <param name="Probabilities">Each class's probability (see <see cref="TrainedModel{T}.Probabilities"/>); null for regression.</param>
/// <param name="Labels">The predicted class index of each row; empty for regression.</param>
/// <param name="Report">Cells filled, unseen categories, ignored columns.</param>
public sealed record Prediction<T>(Matrix<T> Outputs, Matrix<T>? Probabilities, ImmutableArray<int> Labels, EncodeReport Report)
    where T : System.Numerics.IFloatingPointIeee754<T>;

/// <summary>A model's scores on a labelled table, the rows dropped for a missing target, and what encoding did.</summary>
public sealed record TableEvaluation(Evaluation Scores, int Dropped, EncodeReport Report);

/// <summary>
/// Tables read the way a saved model needs them (to predict, score, check gradients, or train
/// on): its input columns by name, in any order (others ignored, and named in the report), its
/// targets by name, labels matched to its classes, targets shaped for its output layer. Every
/// mismatch is an error naming the data, and the line and column where there is one.
/// </summary>
public sealed partial record TrainedModel<T>
{
    /// <summary>How to read a CSV of rows to predict: every column a feature (the model picks its own by name), no target.</summary>
    [Pure]
    public CsvOptions InputOptions(CsvOptions? reading = null) => (reading ?? CsvOptions.Default) with { Targets = [] };

    /// <summary>
    /// How to read a CSV of labelled rows for this model: the <paramref name="target"/> columns
    /// when given, else the model's own target names, else (a model that does not know them) the
    /// last column; the model's task and classes.
    /// </summary>
    [Pure]
    public CsvOptions LabelledOptions(ImmutableArray<string> target = default, CsvOptions? reading = null) =>
        (reading ?? CsvOptions.Default) with
        {
            Targets = !target.IsDefaultOrEmpty ? target : Targets ?? default,
            Classes = Task == TaskKind.Classification ? ClassNames : default,
            Task = Task,
        };

    /// <summary>
    /// The network's inputs for every row of <paramref name="table"/>: the model's preprocessing
    /// applied to its columns, found by name. <paramref name="unknownIsError"/>: a category unseen
    /// in training is an error instead of zeros.
    /// </summary>
    [Pure]
    public Fin<(Matrix<T> X, EncodeReport Report)> Encode(Table<T> table, bool unknownIsError = false) =>
        Inputs.Encode(table, null, unknownIsError);

    /// <summary>The model's outputs, probabilities and classes for every row of <paramref name="table"/>.</summary>
    [Pure]
    public Fin<Prediction<T>> Predict(Table<T> table, bool unknownIsError = false, Parallelism? parallelism = null) =>
        Encode(table, unknownIsError).Map(encoded =>
        {
            var y = Model.Network.Predict(Network, encoded.X, parallelism);
            return Task == TaskKind.Classification
                ? new Prediction<T>(y, ProbabilitiesOf(y), [.. OneHot.Decode(y)], encoded.Report)
                : new Prediction<T>(y, null, [], encoded.Report);
        });

    /// <summary>
    /// The labelled rows of <paramref name="table"/> as the network's examples: inputs encoded,
    /// targets decided as the model's task and classes say (a label it does not know is an error
    /// naming the line; a missing target drops the row, counted), shaped for its output layer.
    /// </summary>
    [Pure]
    public Fin<(Dataset<T> Examples, int Dropped, EncodeReport Report)> Examples(Table<T> table, bool unknownIsError = false)
    {
        // Columns first: a table of other columns is best told so, not that its labels are unknown.
        var found = Inputs.Find(table);
        if (found.IsFail) return (Error)found;
        var decided = Data.Targets.Decide(table, Task, Task == TaskKind.Classification ? ClassNames : default);
        if (decided.IsFail) return (Error)decided;
        var targets = (Targets<T>)decided;
        if (Task == TaskKind.Regression && targets.Values.Cols != Network.Outputs)
            return Error.New($"{Echo.Path(table.Name)}: {targets.Values.Cols} target column(s) ({Echo.List(targets.Names)}), " +
                $"but the model has {Network.Outputs} output(s); name its {Network.Outputs} target columns");
        var encoded = Inputs.Encode(table, [.. targets.Rows], unknownIsError);
        if (encoded.IsFail) return (Error)encoded;
        var (x, report) = ((Matrix<T>, EncodeReport))encoded;
        var data = new Dataset<T>(table.Name, x, Inputs.InputNames, targets.Values, targets.Names, targets.Classes, targets.Labels);
        return (Outputs.ShapeTargets(data, Network.Outputs), targets.Dropped, report);
    }

    /// <summary>
    /// Scores the model on the labelled rows of <paramref name="table"/> (see <see cref="Examples"/>):
    /// the loss, then accuracy, per-class precision, recall and F1 and the confusion matrix, or
    /// MSE, RMSE, MAE and R² per output.
    /// </summary>
    [Pure]
    public Fin<TableEvaluation> Evaluate(Table<T> table, bool unknownIsError = false, Parallelism? parallelism = null) =>
        Examples(table, unknownIsError).Map(e => new TableEvaluation(Score(e.Examples, parallelism), e.Dropped, e.Report));

    /// <summary>Scores the model on a labelled data set of raw numbers (see <see cref="Evaluate(Table{T}, bool, Parallelism?)"/>).</summary>
    [Pure]
    public Fin<Evaluation> Evaluate(Dataset<T> labelled, Parallelism? parallelism = null) =>
        Evaluate(Table<T>.Of(labelled), false, parallelism).Map(e => e.Scores);

    // Encoded examples scored by the network.
    private Evaluation Score(Dataset<T> rows, Parallelism? parallelism)
    {
        var y = Model.Network.Predict(Network, rows.Features, parallelism);
        var loss = double.CreateChecked(LossFunctions.Value(Loss, y, rows.Targets));
        return Task == TaskKind.Classification
            ? new Evaluation(rows.Rows, loss, Metrics.Classification(rows.Labels, OneHot.Decode(y), ClassNames), null)
            : new Evaluation(rows.Rows, loss, null, Metrics.Regression(y, rows.Targets, rows.TargetNames));
    }
}
