using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Numerics;
using System.Runtime.InteropServices;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>
/// Counts of (actual, predicted) pairs: <c>this[i, j]</c> is the number of rows of class
/// <c>i</c> predicted as class <c>j</c>; the diagonal holds the correct ones.
/// </summary>
public sealed record ConfusionMatrix(int Classes, ImmutableArray<int> Counts)
{
    /// <summary>Rows of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => Counts[actual * Classes + predicted];

    /// <summary>Record equality compares the counts.</summary>
    public bool Equals(ConfusionMatrix? other) => other is not null && Classes == other.Classes && Counts.SequenceEqual(other.Counts);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Classes, Counts.Sum());

    /// <summary>
    /// The <paramref name="count"/> most frequent mistakes: off-diagonal cells with at least one row,
    /// most rows first (ties by actual, then predicted class). One pass over the cells, keeping the
    /// best few, so 2,000 classes cost 4 million reads and no sort of them.
    /// </summary>
    [Pure]
    public ImmutableArray<ConfusedPair> MostFrequent(int count)
    {
        if (count <= 0) return [];
        // The smallest kept pair sits on top of the queue, to be displaced by a bigger one.
        var kept = new PriorityQueue<ConfusedPair, ConfusedPair>(count + 1, Comparer<ConfusedPair>.Create((a, b) => Order(b, a)));
        var counts = Counts.AsSpan();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0 || i / Classes == i % Classes) continue;
            var pair = new ConfusedPair(i / Classes, i % Classes, counts[i]);
            if (kept.Count == count && Order(pair, kept.Peek()) >= 0) continue;
            kept.Enqueue(pair, pair);
            if (kept.Count > count) kept.Dequeue();
        }
        return [.. kept.UnorderedItems.Select(p => p.Element).Order(Comparer<ConfusedPair>.Create(Order))];
    }

    // More rows first, then by actual and predicted class.
    private static int Order(ConfusedPair a, ConfusedPair b) =>
        a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Actual != b.Actual ? a.Actual.CompareTo(b.Actual) : a.Predicted.CompareTo(b.Predicted);
}

/// <summary>One kind of mistake: <paramref name="Count"/> rows of class <paramref name="Actual"/> predicted as <paramref name="Predicted"/>.</summary>
public sealed record ConfusedPair(int Actual, int Predicted, int Count);

/// <summary>
/// Precision <c>TP/(TP+FP)</c>, recall <c>TP/(TP+FN)</c> and <c>F1 = 2PR/(P+R)</c> of one class
/// (0 where a denominator is 0, as scikit-learn's <c>zero_division=0</c>), and its support
/// (rows whose actual class it is).
/// </summary>
public sealed record ClassScore(string Class, double Precision, double Recall, double F1, int Support);

/// <summary>
/// Classification scores: accuracy, per-class scores, their macro averages (plain means over
/// the classes that occur among the actual or predicted labels, as scikit-learn averages), and
/// the confusion matrix.
/// </summary>
public sealed record ClassificationScores(double Accuracy, int Correct, int Rows, ImmutableArray<ClassScore> PerClass,
    double MacroPrecision, double MacroRecall, double MacroF1, ConfusionMatrix Confusion);

/// <summary>
/// Regression scores of one output (or all of them): <c>MSE = mean (y − t)²</c> (without the
/// ½ of the training loss), <c>RMSE = √MSE</c>, <c>MAE = mean |y − t|</c>, and
/// <c>R² = 1 − Σ(y − t)² / Σ(t − mean t)²</c> (NaN for a constant target, where it is undefined).
/// </summary>
public sealed record RegressionScore(string Output, double Mse, double Mae, double R2)
{
    /// <summary>The root of the mean squared error, in the target's units.</summary>
    public double Rmse => Math.Sqrt(Mse);
}

/// <summary>Regression scores per output, and over all of them.</summary>
public sealed record RegressionScores(ImmutableArray<RegressionScore> PerOutput, RegressionScore Overall);

/// <summary>
/// What scoring a model on labelled rows gives: the rows, the loss it was trained with, and
/// either the classification or the regression scores.
/// </summary>
public sealed record Evaluation(int Rows, double Loss, ClassificationScores? Classification, RegressionScores? Regression);

/// <summary>Scores of predictions against the truth, as pure functions.</summary>
public static class Metrics
{
    /// <summary>The confusion matrix of predicted against actual class indices in <c>[0, classes)</c>.</summary>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    [Pure]
    public static ConfusionMatrix Confusion(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} actual labels but {predicted.Count} predictions");
        var counts = new int[classes * classes];
        for (var i = 0; i < actual.Count; i++) counts[actual[i] * classes + predicted[i]]++;
        // Frozen without a copy: nothing else holds the array (k² counts are 16 MB at 2,000 classes).
        return new ConfusionMatrix(classes, ImmutableCollectionsMarshal.AsImmutableArray(counts));
    }

    /// <summary>The share of rows whose predicted class is the actual one (0 for no rows).</summary>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    [Pure]
    public static double Accuracy(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} actual labels but {predicted.Count} predictions");
        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
            if (actual[i] == predicted[i]) correct++;
        return Ratio(correct, actual.Count);
    }

    /// <summary>Scores of predicted against actual class indices.</summary>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    [Pure]
    public static ClassificationScores Classification(IReadOnlyList<int> actual, IReadOnlyList<int> predicted,
        IReadOnlyList<string> classes)
    {
        var k = classes.Count;
        var counts = Confusion(actual, predicted, k);
        // Row and column sums from the labels, in one pass over the rows: summing the k × k matrix
        // per class would read 4 million cells at 2,000 classes.
        int[] support = new int[k], predictedAs = new int[k];
        for (var i = 0; i < actual.Count; i++) { support[actual[i]]++; predictedAs[predicted[i]]++; }
        var scores = ImmutableArray.CreateBuilder<ClassScore>(k);
        var correct = 0;
        for (var c = 0; c < k; c++)
        {
            var tp = counts[c, c];
            correct += tp;
            var precision = Ratio(tp, predictedAs[c]);
            var recall = Ratio(tp, support[c]);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.Add(new ClassScore(classes[c], precision, recall, f1, support[c]));
        }
        var perClass = scores.MoveToImmutable();
        // Classes that never occur (neither actual nor predicted) say nothing about this data.
        var seen = perClass.Where((s, c) => s.Support > 0 || predictedAs[c] > 0).ToList();
        double Mean(Func<ClassScore, double> f) => seen.Count == 0 ? 0 : seen.Average(f);
        return new ClassificationScores(Ratio(correct, actual.Count), correct, actual.Count, perClass,
            Mean(s => s.Precision), Mean(s => s.Recall), Mean(s => s.F1), counts);
    }

    /// <summary>
    /// Scores of predictions <paramref name="y"/> against targets <paramref name="t"/> (rows ×
    /// outputs), per output and overall: MSE and MAE over every value, R² the mean of the outputs'
    /// R² (scikit-learn's <c>uniform_average</c>, skipping undefined ones). Sums in double.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes or the number of names differ.</exception>
    [Pure]
    public static RegressionScores Regression<T>(
        Matrix<T> y, Matrix<T> t, IReadOnlyList<string> names) where T : IFloatingPointIeee754<T>
    {
        if (y.Rows != t.Rows || y.Cols != t.Cols || names.Count != y.Cols)
            throw new ArgumentException($"predictions {y.Rows}×{y.Cols}, targets {t.Rows}×{t.Cols}, {names.Count} names");
        var (n, m) = (y.Rows, y.Cols);
        var per = ImmutableArray.CreateBuilder<RegressionScore>(m);
        double allSquares = 0, allAbs = 0;
        for (var j = 0; j < m; j++)
        {
            double squares = 0, abs = 0, sum = 0;
            for (var i = 0; i < n; i++)
            {
                var e = double.CreateChecked(y[i, j]) - double.CreateChecked(t[i, j]);
                squares += e * e;
                abs += Math.Abs(e);
                sum += double.CreateChecked(t[i, j]);
            }
            double mean = sum / n, spread = 0;
            for (var i = 0; i < n; i++) { var d = double.CreateChecked(t[i, j]) - mean; spread += d * d; }
            per.Add(new RegressionScore(names[j], squares / n, abs / n, spread == 0 ? double.NaN : 1 - squares / spread));
            (allSquares, allAbs) = (allSquares + squares, allAbs + abs);
        }
        var perOutput = per.MoveToImmutable();
        var defined = perOutput.Where(s => !double.IsNaN(s.R2)).ToList();
        return new RegressionScores(perOutput, new RegressionScore("overall", allSquares / ((double)n * m), allAbs / ((double)n * m),
            defined.Count == 0 ? double.NaN : defined.Average(s => s.R2)));
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
