using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Data;

/// <summary>The numeric feature columns of a table read strictly, as the matrix of a <see cref="Dataset{T}"/>.</summary>
internal static class CsvDataset
{
    /// <summary>The features as a rows × columns matrix; every column must be numeric (strict reading made sure).</summary>
    public static Matrix<T> Features<T>(Table<T> table) where T : IFloatingPointIeee754<T>
    {
        var (n, d) = (table.Rows, table.Features.Length);
        var x = new T[n * d];
        for (var j = 0; j < d; j++)
        {
            var values = table.Features[j] is Column<T>.Numeric numeric ? numeric.Values
                : throw new ArgumentException($"Data: column {j} ({table.Features[j].Name}) is text; a data set needs numeric features", nameof(table));
            for (int c = 0, i = 0; c < values.ChunkCount; c++)
                foreach (var v in values.Chunk(c)) x[i++ * d + j] = v;
        }
        return Matrix<T>.Own(x, n, d);
    }

    /// <summary>The rows <paramref name="rows"/> of <paramref name="m"/>, in that order.</summary>
    public static Matrix<T> Rows<T>(Matrix<T> m, ReadOnlySpan<int> rows) where T : IFloatingPointIeee754<T>
    {
        var x = new T[rows.Length * m.Cols];
        for (var i = 0; i < rows.Length; i++) m.Row(rows[i]).CopyTo(x.AsSpan(i * m.Cols, m.Cols));
        return Matrix<T>.Own(x, rows.Length, m.Cols);
    }
}
