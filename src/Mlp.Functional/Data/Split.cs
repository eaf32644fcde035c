using System.Collections.Immutable;
using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Data;

/// <summary>
/// A seeded train/test split. The test part gets <c>round(fraction · n)</c> rows (halves away
/// from zero). For classification the split is stratified: each class gives
/// <c>⌊fraction · n_c⌋</c> rows, and the rows still owed go one each to the classes with the
/// largest remainders (ties to the lower class index); each class's rows are drawn by a seeded
/// shuffle. Both parts keep the rows' original order. Pure and deterministic in the seed.
/// </summary>
public static class Split
{
    /// <summary>The row indices of each part, ascending; together they are every row exactly once.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is outside <c>[0, 1]</c>.</exception>
    public static (int[] Train, int[] Test) Indices<T>(Dataset<T> data, double testFraction, Rng rng, bool stratify = true)
        where T : IFloatingPointIeee754<T> =>
        Indices(data.Rows, stratify && data.IsClassification ? data.Labels : default, data.Classes.IsDefault ? 0 : data.Classes.Length,
            testFraction, rng);

    /// <summary>
    /// As <see cref="Indices{T}"/>, for <paramref name="n"/> rows: stratified over the
    /// <paramref name="labels"/> (one per row, in <c>[0, classes)</c>) when given, else not.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is outside <c>[0, 1]</c>.</exception>
    public static (int[] Train, int[] Test) Indices(int n, ImmutableArray<int> labels, int classes, double testFraction, Rng rng)
    {
        if (!(testFraction >= 0 && testFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "expected a fraction in [0, 1]");
        var total = (int)Math.Round(testFraction * n, MidpointRounding.AwayFromZero);
        var test = new List<int>(total);
        if (!labels.IsDefaultOrEmpty)
        {
            var members = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
            for (var i = 0; i < n; i++) members[labels[i]].Add(i);
            var quota = Quotas(members.Select(m => m.Count).ToArray(), testFraction, total);
            for (var c = 0; c < members.Length; c++)
            {
                (var perm, rng) = rng.Permutation(members[c].Count);
                test.AddRange(perm.Take(quota[c]).Select(p => members[c][p]));
            }
        }
        else
            test.AddRange(rng.Permutation(n).Permutation.Take(total));
        var inTest = new bool[n];
        foreach (var i in test) inTest[i] = true;
        return ([.. Enumerable.Range(0, n).Where(i => !inTest[i])], [.. Enumerable.Range(0, n).Where(i => inTest[i])]);
    }

    /// <summary>The two parts as data sets (see <see cref="Indices{T}"/>).</summary>
    public static (Dataset<T> Train, Dataset<T> Test) TrainTest<T>(Dataset<T> data, double testFraction, Rng rng,
        bool stratify = true) where T : IFloatingPointIeee754<T>
    {
        var (train, test) = Indices(data, testFraction, rng, stratify);
        return (data.SelectRows(train), data.SelectRows(test));
    }

    /// <summary>As <see cref="TrainTest{T}(Dataset{T}, double, Rng, bool)"/>, from a seed.</summary>
    public static (Dataset<T> Train, Dataset<T> Test) TrainTest<T>(Dataset<T> data, double testFraction, long seed,
        bool stratify = true) where T : IFloatingPointIeee754<T> =>
        TrainTest(data, testFraction, Rng.FromSeed(seed), stratify);

    /// <summary>
    /// The seeded validation hold-out of a training run: <see cref="TrainTest{T}(Dataset{T}, double, Rng, bool)"/>
    /// (stratified for classification) on the left half of the seed's stream (the trainer's
    /// shuffles use the right half). Fraction 0, or a fraction that rounds to no rows, holds out
    /// nothing (<c>Valid</c> is null).
    /// </summary>
    public static (Dataset<T> Train, Dataset<T>? Valid) HoldOut<T>(Dataset<T> data, double fraction, long seed)
        where T : IFloatingPointIeee754<T>
    {
        var (train, valid) = HoldOut(data.Rows, data.Labels, data.Classes.IsDefault ? 0 : data.Classes.Length, fraction, seed);
        return valid is null ? (data, null) : (data.SelectRows(train), data.SelectRows(valid));
    }

    /// <summary>
    /// <see cref="HoldOut{T}"/> as row indices, ascending: stratified over <paramref name="labels"/>
    /// when given. No rows held out: every row trains and <c>Valid</c> is null.
    /// </summary>
    public static (int[] Train, int[]? Valid) HoldOut(int n, ImmutableArray<int> labels, int classes, double fraction, long seed)
    {
        if (fraction <= 0 || Math.Round(fraction * n) == 0) return ([.. Enumerable.Range(0, n)], null);
        return Indices(n, labels, classes, fraction, Rng.FromSeed(seed).Split().Left);
    }

    // Largest-remainder apportionment of `total` test rows over classes of the given sizes.
    private static int[] Quotas(int[] sizes, double fraction, int total)
    {
        var quota = sizes.Select(s => (int)Math.Floor(fraction * s)).ToArray();
        var owed = total - quota.Sum();
        var byRemainder = Enumerable.Range(0, sizes.Length)
            .Where(c => quota[c] < sizes[c])
            .OrderByDescending(c => fraction * sizes[c] - quota[c]).ThenBy(c => c);
        foreach (var c in byRemainder.Take(Math.Max(owed, 0))) quota[c]++;
        return quota;
    }
}
