using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Pipeline;

namespace Mlp.Tests.Properties;

/// <summary>
/// The classification scores, computed in one pass over the rows, equal the textbook
/// computation from the confusion matrix's row and column sums; the most frequent confusions are
/// the largest off-diagonal cells, in order.
/// </summary>
public class MetricsProps
{
    // Labels over k classes, some classes never seen, most predictions right.
    private static Gen<(int K, int[] Actual, int[] Predicted)> Labels =>
        from k in Gen.Choose(1, 30)
        from n in Gen.Choose(0, 200)
        from actual in Gen.Choose(0, k - 1).ArrayOf(n)
        from noise in Gen.Choose(0, 2 * k - 1).ArrayOf(n)
        select (k, actual, actual.Zip(noise, (a, e) => e < k ? e : a).ToArray());

    [Property(MaxTest = 200, QuietOnSuccess = true)]
    public Property Classification_scores_are_the_confusion_matrix_sums() =>
        Prop.ForAll(Labels.ToArbitrary(), c =>
        {
            var classes = Enumerable.Range(0, c.K).Select(i => $"c{i}").ToArray();
            var s = Metrics.Classification(c.Actual, c.Predicted, classes);
            var m = s.Confusion;
            var seen = new List<ClassScore>();
            var ok = true;
            for (var i = 0; i < c.K; i++)
            {
                int tp = m[i, i], support = 0, predictedAs = 0;
                for (var j = 0; j < c.K; j++) { support += m[i, j]; predictedAs += m[j, i]; }
                double p = predictedAs == 0 ? 0 : (double)tp / predictedAs, r = support == 0 ? 0 : (double)tp / support;
                var expected = new ClassScore(classes[i], p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), support);
                ok &= s.PerClass[i] == expected;
                if (support > 0 || predictedAs > 0) seen.Add(expected);
            }
            double Mean(Func<ClassScore, double> f) => seen.Count == 0 ? 0 : seen.Average(f);
            return (ok && s.MacroPrecision == Mean(x => x.Precision) && s.MacroRecall == Mean(x => x.Recall)
                    && s.MacroF1 == Mean(x => x.F1) && s.Correct == Enumerable.Range(0, c.K).Sum(i => m[i, i]))
                .Label($"{c.K} classes, {c.Actual.Length} rows");
        });

    [Property(MaxTest = 200, QuietOnSuccess = true)]
    public Property The_most_frequent_confusions_are_the_largest_off_diagonal_cells() =>
        Prop.ForAll(Labels.ToArbitrary(), Gen.Choose(0, 12).ToArbitrary(), (c, count) =>
        {
            var m = Metrics.Confusion(c.Actual, c.Predicted, c.K);
            var expected = Enumerable.Range(0, c.K * c.K)
                .Select(i => new ConfusedPair(i / c.K, i % c.K, m.Counts[i]))
                .Where(p => p.Actual != p.Predicted && p.Count > 0)
                .OrderByDescending(p => p.Count).ThenBy(p => p.Actual).ThenBy(p => p.Predicted)
                .Take(count);
            return m.MostFrequent(count).SequenceEqual(expected).Label($"{c.K} classes, top {count}");
        });
}
