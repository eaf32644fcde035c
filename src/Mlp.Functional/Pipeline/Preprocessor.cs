using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>How the preprocessing is fitted: scaling of numbers, filling of missing cells, a limit on categories.</summary>
/// <param name="Scale">Numeric scaling, fitted on the training rows; null for none.</param>
/// <param name="Impute">How missing cells are filled.</param>
/// <param name="MaxCategories">A categorical column with more categories than this is an error.</param>
public sealed record PreprocessSettings(ScalerKind? Scale, ImputeKind Impute, int MaxCategories);

/// <summary>
/// What encoding rows did that a person should hear about: cells filled and unseen categories,
/// per column, and the table's feature columns that are not inputs (ignored).
/// </summary>
public sealed record EncodeReport(ImmutableArray<(string Column, int Count)> Imputed, ImmutableArray<(string Column, int Count)> Unseen)
{
    /// <summary>Nothing filled, nothing unseen, nothing ignored.</summary>
    public static EncodeReport None { get; } = new([], []);

    /// <summary>The table's feature columns that no encoder reads, in table order.</summary>
    public ImmutableArray<string> Ignored { get; init; } = [];

    /// <summary>Rows that had a category unseen in training, over all columns' counts.</summary>
    public int UnseenCells => Unseen.Sum(u => u.Count);

    /// <summary>Record equality compares the counts.</summary>
    public bool Equals(EncodeReport? other) => other is not null && Imputed.SequenceEqual(other.Imputed)
        && Unseen.SequenceEqual(other.Unseen) && Ignored.SequenceEqual(other.Ignored);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Imputed.Length, Unseen.Length, Ignored.Length);
}

/// <summary>
/// The fitted preprocessing of a table (scikit-learn's <c>ColumnTransformer</c>): one encoder per
/// raw input column, in input order. Columns are found by name, so a table may have them in any
/// order and may have more; an unnamed preprocessing (an <c>mlp/1</c> model saved without feature
/// names) takes every feature column, in order.
/// </summary>
public sealed partial record Preprocessor(ImmutableArray<ColumnEncoder> Columns, bool Named = true)
{
    /// <summary>How many inputs the network gets.</summary>
    public int Width => Columns.Sum(c => c.Width);

    /// <summary>The raw columns' names, in input order.</summary>
    public ImmutableArray<string> Names => [.. Columns.Select(c => c.Name)];

    /// <summary>The names of the network's inputs (a categorical column gives one per category).</summary>
    public ImmutableArray<string> InputNames => [.. Columns.SelectMany(c => c.InputNames)];

    /// <summary>Record equality compares the encoders.</summary>
    public bool Equals(Preprocessor? other) => other is not null && Named == other.Named && Columns.SequenceEqual(other.Columns);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Named, Columns.Length);

    /// <summary>
    /// A preprocessing of numbers only, as an <c>mlp/1</c> file holds it: the named (or unnamed)
    /// columns, each scaled as <paramref name="scaler"/> says (none: as they are), nothing imputed.
    /// </summary>
    public static Preprocessor OfNumbers(int inputs, ImmutableArray<string>? names, Scaler? scaler) =>
        new([.. Enumerable.Range(0, inputs).Select(j => (ColumnEncoder)new ColumnEncoder.Numeric(
            names is { } n ? n[j] : $"c{j}", null, scaler?.Mean[j] ?? 0, scaler?.Scale[j] ?? 1))], names is not null);

    /// <summary>
    /// Fits an encoder for every feature column of <paramref name="table"/> on the rows
    /// <paramref name="rows"/> only (the training rows): numeric columns get their impute value and
    /// scaling, text columns their categories (sorted) and impute value.
    /// </summary>
    public static Fin<Preprocessor> Fit<T>(Table<T> table, int[] rows, PreprocessSettings settings) where T : IFloatingPointIeee754<T>
    {
        if (settings.Impute == ImputeKind.None && MissingCells(table) is { } missing) return missing;
        var encoders = ImmutableArray.CreateBuilder<ColumnEncoder>(table.Features.Length);
        foreach (var column in table.Features)
        {
            var encoder = column switch
            {
                Column<T>.Numeric n => Fin<ColumnEncoder>.Succ(FitNumeric(n, rows, settings)),
                Column<T>.Text t => FitCategorical(t, rows, settings, table.Name),
                _ => throw new System.Diagnostics.UnreachableException(),
            };
            if (encoder.IsFail) return (Error)encoder;
            encoders.Add((ColumnEncoder)encoder);
        }
        return new Preprocessor(encoders.MoveToImmutable());
    }

    private static ColumnEncoder FitNumeric<T>(Column<T>.Numeric column, int[] rows, PreprocessSettings s) where T : IFloatingPointIeee754<T>
    {
        var present = rows.Select(r => double.CreateChecked(column.Values[r])).Where(v => !double.IsNaN(v)).ToArray();
        double? impute = s.Impute switch
        {
            ImputeKind.None => null,
            _ when present.Length == 0 => 0,
            ImputeKind.Mean => present.Average(),
            ImputeKind.MostFrequent => present.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key,
            _ => Median(present),
        };
        // Scaled after filling, as SimpleImputer then StandardScaler: rows in order, so a column
        // with no missing cell gets the statistics a scaler of the plain matrix gets.
        var filled = rows.Select(r => double.CreateChecked(column.Values[r]) is var v && double.IsNaN(v) ? impute ?? 0 : v).ToArray();
        var (mean, scale) = s.Scale switch
        {
            null => (0.0, 1.0),
            ScalerKind.MinMax => MinMax(filled),
            _ => Standardize(filled),
        };
        return new ColumnEncoder.Numeric(column.Name, impute, mean, scale);
    }

    private static Fin<ColumnEncoder> FitCategorical<T>(Column<T>.Text column, int[] rows, PreprocessSettings s, string table)
        where T : IFloatingPointIeee754<T>
    {
        var counts = new int[column.Levels.Length];
        foreach (var r in rows)
            if (column.Codes[r] is var c and >= 0) counts[c]++;
        var seen = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        if (seen.Length > s.MaxCategories)
            return Error.New($"{Echo.Path(table)}: column {column.Position + 1} ({Echo.Name(column.Name)}) has {seen.Length} categories in the training rows, " +
                $"more than the limit of {s.MaxCategories}; is it an identifier? Leave it out (--drop {Echo.Name(column.Name)}), or raise the limit (--max-categories {seen.Length})");
        var categories = ClassOrder.Sort(seen.Select(c => column.Levels[c]));
        string? impute = s.Impute == ImputeKind.None || seen.Length == 0 ? null
            : column.Levels[seen.OrderByDescending(c => counts[c]).ThenBy(c => categories.IndexOf(column.Levels[c])).First()];
        return new ColumnEncoder.Categorical(column.Name, categories, impute);
    }

    // The middle value, or the mean of the two middle ones. Selected, not sorted: sorting each of
    // 50 columns of 160,000 values took 0.5–1 s of a 3 s run; selection is linear.
    private static double Median(double[] values)
    {
        var a = (double[])values.Clone();
        var mid = a.Length / 2;
        var upper = Select(a, mid);
        if (a.Length % 2 == 1) return upper;
        var lower = a[0];
        for (var i = 1; i < mid; i++) lower = Math.Max(lower, a[i]); // everything left of mid is ≤ upper
        return (lower + upper) / 2;
    }

    // The k-th smallest value (0-based) of a, which it reorders so that a[..k] ≤ a[k] ≤ a[k+1..]
    // (Wirth's FIND, Hoare's selection).
    private static double Select(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            var pivot = a[k];
            int i = lo, j = hi;
            do
            {
                while (a[i] < pivot) i++;
                while (pivot < a[j]) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            } while (i <= j);
            if (j < k) lo = i;
            if (k < i) hi = j;
        }
        return a[k];
    }

    // Population standard deviation, as scikit-learn's StandardScaler; a constant column keeps scale 1.
    private static (double Mean, double Scale) Standardize(double[] x)
    {
        if (x.Length == 0) return (0, 1);
        double sum = 0, squares = 0;
        foreach (var v in x) sum += v;
        var mean = sum / x.Length;
        foreach (var v in x) { var e = v - mean; squares += e * e; }
        var sd = Math.Sqrt(squares / x.Length);
        return (mean, sd == 0 ? 1 : sd);
    }

    private static (double Min, double Range) MinMax(double[] x)
    {
        if (x.Length == 0) return (0, 1);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in x) (min, max) = (Math.Min(min, v), Math.Max(max, v));
        return (min, max == min ? 1 : max - min);
    }

    // With no filling asked for, every missing cell is a problem: the first ten, and how many.
    private static Error? MissingCells<T>(Table<T> table) where T : IFloatingPointIeee754<T>
    {
        var cells = new List<string>();
        var total = 0;
        for (var r = 0; r < table.Rows; r++)
            foreach (var column in table.Features)
                if (column.IsMissing(r) && ++total <= 10)
                    cells.Add($"line {table.Lines[r]}, column {column.Position + 1} ({Echo.Name(column.Name)})");
        return total == 0 ? null
            : Error.New($"{Echo.Path(table.Name)}: {total} missing cell(s) and no filling asked for (--impute none); expected a value in " +
                string.Join("; ", cells) + (total > 10 ? $"; … ({total} in all)" : "") + "; --impute auto fills them");
    }
}
