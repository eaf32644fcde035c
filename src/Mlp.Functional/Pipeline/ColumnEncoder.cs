using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;

namespace Mlp.Pipeline;

/// <summary>How a missing cell is filled, fitted on the training rows only.</summary>
public enum ImputeKind
{
    /// <summary>The median for numeric columns, the most frequent value for categorical ones.</summary>
    Auto,
    /// <summary>The mean (categorical columns: the most frequent value).</summary>
    Mean,
    /// <summary>The median (categorical columns: the most frequent value).</summary>
    Median,
    /// <summary>The most frequent value.</summary>
    MostFrequent,
    /// <summary>No filling: a missing cell is an error.</summary>
    None,
}

/// <summary>
/// How one raw column becomes the network's inputs (scikit-learn's fitted
/// <c>SimpleImputer</c> + <c>StandardScaler</c>, or <c>SimpleImputer</c> + <c>OneHotEncoder</c>).
/// What it learned from the training rows is its state; the model file keeps it.
/// </summary>
public abstract record ColumnEncoder
{
    private protected ColumnEncoder(string name) => Name = name;

    /// <summary>The raw column's name.</summary>
    public string Name { get; }

    /// <summary>How many inputs it makes.</summary>
    public abstract int Width { get; }

    /// <summary>The names of its inputs: the column's, or <c>column=category</c> for each category.</summary>
    public abstract IEnumerable<string> InputNames { get; }

    /// <summary>
    /// A number: a missing cell becomes <see cref="Impute"/> (null: a missing cell is an error),
    /// then <c>(x − Mean) / Scale</c> (no scaling: mean 0, scale 1).
    /// </summary>
    public sealed record Numeric(string Name, double? Impute, double Mean, double Scale) : ColumnEncoder(Name)
    {
        /// <inheritdoc/>
        public override int Width => 1;

        /// <inheritdoc/>
        public override IEnumerable<string> InputNames => [Name];

        /// <summary>The input for value <paramref name="x"/> (NaN: missing, filled with the impute value when there is one).</summary>
        public T Encode<T>(double x) where T : IFloatingPointIeee754<T> =>
            T.CreateChecked(((double.IsNaN(x) && Impute is { } fill ? fill : x) - Mean) / Scale);
    }

    /// <summary>
    /// A category: one input per category of the training rows, 1 for the row's and 0 for the
    /// others; a category unseen in training gives all zeros. A missing cell becomes
    /// <see cref="Impute"/> (null: a missing cell is an error).
    /// </summary>
    public sealed record Categorical(string Name, ImmutableArray<string> Categories, string? Impute) : ColumnEncoder(Name)
    {
        /// <inheritdoc/>
        public override int Width => Categories.Length;

        /// <inheritdoc/>
        public override IEnumerable<string> InputNames => Categories.Select(c => $"{Name}={c}");

        /// <summary>Record equality compares the categories' contents.</summary>
        public bool Equals(Categorical? other) =>
            other is not null && Name == other.Name && Impute == other.Impute && Categories.SequenceEqual(other.Categories);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Name, Categories.Length);
    }

    /// <summary>A number's text as a category name: the shortest text that reads back to it.</summary>
    public static string CategoryOf<T>(T value) where T : IFloatingPointIeee754<T> =>
        value.ToString("R", CultureInfo.InvariantCulture);
}
