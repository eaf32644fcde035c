using System.Collections.Immutable;
using System.Numerics;

namespace Mlp.Data;

/// <summary>
/// One column of a table as read: numbers, or text (a categorical column, or class labels).
/// <see cref="Position"/> is where it stood in the file (0-based), for messages that name a
/// line and column.
/// </summary>
public abstract record Column<T> where T : IFloatingPointIeee754<T>
{
    private Column(string name, int position) => (Name, Position) = (name, position);

    /// <summary>The column's name (its header cell, or <c>c0, c1, …</c> without a header).</summary>
    public string Name { get; }

    /// <summary>Where the column stood in the file, 0-based (a message's column is this + 1).</summary>
    public int Position { get; }

    /// <summary>How many rows.</summary>
    public abstract int Count { get; }

    /// <summary>Whether row <paramref name="row"/>'s cell is missing (empty, or one of the missing-value words).</summary>
    public abstract bool IsMissing(int row);

    /// <summary>How many cells are missing.</summary>
    public int Missing => Enumerable.Range(0, Count).Count(IsMissing);

    /// <summary>A column of numbers; a missing cell is NaN.</summary>
    public sealed record Numeric(string Name, int Position, Values<T> Values) : Column<T>(Name, Position)
    {
        /// <inheritdoc/>
        public override int Count => Values.Count;

        /// <inheritdoc/>
        public override bool IsMissing(int row) => T.IsNaN(Values[row]);
    }

    /// <summary>
    /// A column of text: each row's code into <see cref="Levels"/>, the distinct texts in order of
    /// first appearance; a missing cell is −1.
    /// </summary>
    public sealed record Text(string Name, int Position, Values<int> Codes, ImmutableArray<string> Levels) : Column<T>(Name, Position)
    {
        /// <inheritdoc/>
        public override int Count => Codes.Count;

        /// <inheritdoc/>
        public override bool IsMissing(int row) => Codes[row] < 0;

        /// <summary>
        /// The levels are already in class order (a data set's own names, such as Fashion-MNIST's
        /// garments by label), so classes keep it instead of being sorted.
        /// </summary>
        public bool Ordered { get; init; }

        /// <summary>Row <paramref name="row"/>'s text, or null when missing.</summary>
        public string? this[int row] => Codes[row] is var c and >= 0 ? Levels[c] : null;

        /// <summary>Record equality compares the levels' contents too.</summary>
        public bool Equals(Text? other) => other is not null && Name == other.Name && Position == other.Position
            && Codes.Equals(other.Codes) && Levels.SequenceEqual(other.Levels) && Ordered == other.Ordered;

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Name, Codes);
    }
}

/// <summary>
/// A table as read from a file, before anything is learned from it: its feature and target
/// columns (each numeric or text, with missing cells), the file line of each row, and notes on
/// what the reader did that a person should hear about (a pandas index column dropped, say).
/// Encoders (Pipeline) turn it into numbers for a network.
/// </summary>
/// <param name="Name">The file or data set, for messages.</param>
/// <param name="Features">The input columns, in file order (or in the order asked for).</param>
/// <param name="Targets">The target columns (none when reading rows to predict).</param>
/// <param name="Lines">The file line each row started on (1-based).</param>
/// <param name="Notes">One line each, what the reader decided on its own.</param>
public sealed record Table<T>(string Name, ImmutableArray<Column<T>> Features, ImmutableArray<Column<T>> Targets,
    Values<int> Lines, ImmutableArray<string> Notes) where T : IFloatingPointIeee754<T>
{
    /// <summary>How many rows.</summary>
    public int Rows => Lines.Count;

    /// <summary>The line of the header row (of the first row without a header), for messages about a whole column.</summary>
    public int HeaderLine { get; init; } = 1;

    /// <summary>Whether the file wrote numbers with a decimal comma, so that text cells that are numbers read as the file meant.</summary>
    public bool DecimalComma { get; init; }

    /// <summary>The names of the feature columns.</summary>
    public ImmutableArray<string> FeatureNames => [.. Features.Select(c => c.Name)];

    /// <summary>The names of the target columns.</summary>
    public ImmutableArray<string> TargetNames => [.. Targets.Select(c => c.Name)];

    /// <summary>
    /// A data set of numbers as a table: numeric feature columns, and a text target column of
    /// its class names (classification) or numeric target columns (regression). Lines count from 2,
    /// as if under a header.
    /// </summary>
    public static Table<T> Of(Dataset<T> data)
    {
        var n = data.Rows;
        ImmutableArray<Column<T>> Numeric(Tensors.Matrix<T> m, ImmutableArray<string> names, int first) =>
            [.. Enumerable.Range(0, m.Cols).Select(j =>
                (Column<T>)new Column<T>.Numeric(names[j], first + j, Values<T>.Of([.. Enumerable.Range(0, n).Select(i => m[i, j])])))];
        var targets = data.IsClassification
            ? [new Column<T>.Text(data.TargetNames[0], data.Features.Cols, Values<int>.Of(data.Labels.AsSpan()), data.Classes)]
            : Numeric(data.Targets, data.TargetNames, data.Features.Cols);
        return new Table<T>(data.Name, Numeric(data.Features, data.FeatureNames, 0), targets,
            Values<int>.Of([.. Enumerable.Range(2, n)]), []);
    }
}
