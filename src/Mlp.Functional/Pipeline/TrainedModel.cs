using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;
using System.Numerics;
using LanguageExt;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>
/// The whole path from raw rows to answers, as one value (scikit-learn's fitted pipeline): the
/// preprocessing fitted on the training rows (an encoder per raw column), the network, its loss,
/// the target column names and, for classification, the class names. It predicts, gives
/// probabilities and classifies raw rows, applying its own preprocessing. The model file
/// (<c>mlp/2</c>) holds all of it.
/// </summary>
/// <param name="Network">The trained network.</param>
/// <param name="Loss">The loss it was trained with.</param>
/// <param name="Classes">The class names in output order; null for regression, or for a
/// classifier saved without names (see <see cref="ClassNames"/>).</param>
/// <param name="Inputs">The preprocessing: one encoder per raw input column, as wide in all as the network's input.</param>
public sealed partial record TrainedModel<T>(
    Network<T> Network,
    Loss Loss,
    ImmutableArray<string>? Classes,
    Preprocessor Inputs) where T : IFloatingPointIeee754<T>
{
    /// <summary>A model of numbers only, as an <c>mlp/1</c> file holds it: named (or unnamed) columns, scaled or not.</summary>
    public TrainedModel(Network<T> network, Loss loss, ImmutableArray<string>? classes, ImmutableArray<string>? features,
        Scaler? preprocessing) : this(network, loss, classes, Preprocessor.OfNumbers(network.Inputs, features, preprocessing)) { }

    /// <summary>The preprocessing, checked to be as wide as the network's input.</summary>
    public Preprocessor Inputs { get; init; } = Inputs.Width == Network.Inputs ? Inputs
        : throw new ArgumentException($"the preprocessing makes {Inputs.Width} inputs, but layer 1 ({Network.Layers[0]}) expects {Network.Inputs}");

    /// <summary>The target column names; null when unknown (an <c>mlp/1</c> file does not hold them).</summary>
    public ImmutableArray<string>? Targets { get; init; }

    /// <summary>The raw input columns' names, in input order; null when the model names none.</summary>
    public ImmutableArray<string>? Features => Inputs.Named ? Inputs.Names : null;

    /// <summary>
    /// Classification when the model names classes or was trained with a classification loss
    /// (a classifier saved without class names); regression otherwise.
    /// </summary>
    public TaskKind Task => Classes is not null || Loss is Loss.CrossEntropy or Loss.BinaryCrossEntropy
        ? TaskKind.Classification : TaskKind.Regression;

    /// <summary>
    /// The class names: the model's own, or <c>0 … k−1</c> for a classifier saved without them
    /// (two for one sigmoid unit); empty for regression.
    /// </summary>
    public ImmutableArray<string> ClassNames => Classes is { Length: > 0 } named ? named
        : Task == TaskKind.Regression ? []
        : [.. Enumerable.Range(0, Network.Outputs == 1 ? 2 : Network.Outputs).Select(k => k.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The network's inputs for raw rows of numbers in input order: the model's preprocessing applied.</summary>
    /// <exception cref="ArgumentException">The rows are not as wide as the raw columns, or a column is categorical.</exception>
    [Pure]
    public Matrix<T> Encode(Matrix<T> raw) => Inputs.Encode(raw);

    /// <summary>The network's outputs for raw rows, <c>[rows × outputs]</c> (values for regression, scores for classes).</summary>
    [Pure]
    public Matrix<T> Predict(Matrix<T> raw, Parallelism? parallelism = null) =>
        Model.Network.Predict(Network, Encode(raw), parallelism);

    /// <summary>
    /// Each class's probability for raw rows, <c>[rows × classes]</c>, in <see cref="ClassNames"/>'
    /// order: the softmax outputs, or for one sigmoid unit <c>1 − p</c> and <c>p</c> (as
    /// scikit-learn's <c>predict_proba</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is a regression model.</exception>
    [Pure]
    public Matrix<T> Probabilities(Matrix<T> raw, Parallelism? parallelism = null)
    {
        if (Task == TaskKind.Regression) throw new InvalidOperationException("a regression model has no class probabilities");
        return ProbabilitiesOf(Predict(raw, parallelism));
    }

    // A classifier's outputs as probabilities: softmax rows as they are; one sigmoid unit as 1 − p, p.
    private static Matrix<T> ProbabilitiesOf(Matrix<T> y) =>
        y.Cols > 1 ? y : Matrix<T>.Build(y.Rows, 2, (i, k) => k == 0 ? T.One - y[i, 0] : y[i, 0]);

    /// <summary>The predicted class index of each raw row (argmax; one sigmoid unit: the second class when <c>p ≥ 0.5</c>).</summary>
    /// <exception cref="InvalidOperationException">The model is a regression model.</exception>
    [Pure]
    public ImmutableArray<int> Classify(Matrix<T> raw, Parallelism? parallelism = null)
    {
        if (Task == TaskKind.Regression) throw new InvalidOperationException("a regression model has no classes");
        return [.. OneHot.Decode(Predict(raw, parallelism))];
    }

    /// <summary>Record equality compares contents, not array references.</summary>
    public bool Equals(TrainedModel<T>? other) =>
        other is not null && Network.Equals(other.Network) && Loss == other.Loss
        && SameNames(Classes, other.Classes) && SameNames(Targets, other.Targets) && Inputs.Equals(other.Inputs);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Network, Loss);

    private static bool SameNames(ImmutableArray<string>? a, ImmutableArray<string>? b) =>
        a is null ? b is null : b is not null && a.Value.SequenceEqual(b.Value);
}
