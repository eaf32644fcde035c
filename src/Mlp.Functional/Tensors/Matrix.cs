using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Tensors;

/// <summary>
/// A row-major <c>[Rows × Cols]</c> matrix whose buffer never changes after construction.
/// Equality compares shapes and contents (bit for bit, so <c>NaN</c> equals <c>NaN</c>).
/// </summary>
public sealed record Matrix<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>Number of rows (the batch dimension for activations).</summary>
    public int Rows { get; }
    /// <summary>Number of columns.</summary>
    public int Cols { get; }
    /// <summary>The immutable row-major buffer, <c>Rows·Cols</c> long.</summary>
    public ImmutableArray<T> Data { get; }

    private Matrix(int rows, int cols, ImmutableArray<T> data)
    {
        Rows = rows; Cols = cols; Data = data;
    }

    /// <summary>Total number of elements, <c>Rows·Cols</c>.</summary>
    public int Length => Rows * Cols;
    /// <summary>The whole buffer, read-only.</summary>
    public ReadOnlySpan<T> Span => Data.AsSpan();
    /// <summary>Row <paramref name="i"/> as a span of <see cref="Cols"/> elements.</summary>
    public ReadOnlySpan<T> Row(int i) => Data.AsSpan().Slice(i * Cols, Cols);
    /// <summary>Element at row <paramref name="i"/>, column <paramref name="j"/>.</summary>
    public T this[int i, int j] => Data[i * Cols + j];

    /// <summary>Copies <paramref name="values"/> (row-major) into a new matrix.</summary>
    /// <exception cref="ArgumentException">The length is not <c>rows·cols</c>.</exception>
    public static Matrix<T> Create(int rows, int cols, ReadOnlySpan<T> values)
    {
        CheckShape(rows, cols, values.Length);
        return Own(values.ToArray(), rows, cols);
    }

    /// <summary>Builds a matrix from nested rows (handy in tests and examples).</summary>
    public static Matrix<T> FromRows(params T[][] rows)
    {
        var cols = rows.Length == 0 ? 0 : rows[0].Length;
        var data = new T[rows.Length * cols];
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != cols)
                throw new ArgumentException($"row {i} has {rows[i].Length} values, expected {cols}");
            rows[i].CopyTo(data, i * cols);
        }
        return Own(data, rows.Length, cols);
    }

    /// <summary>A <c>[rows × cols]</c> matrix of zeros.</summary>
    public static Matrix<T> Zeros(int rows, int cols)
    {
        CheckShape(rows, cols, rows * cols);
        return Own(new T[rows * cols], rows, cols);
    }

    /// <summary>A <c>[rows × cols]</c> matrix whose element (i, j) is <c>f(i, j)</c>.</summary>
    public static Matrix<T> Build(int rows, int cols, Func<int, int, T> f)
    {
        var data = new T[rows * cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                data[i * cols + j] = f(i, j);
        return Own(data, rows, cols);
    }

    /// <summary>
    /// Wraps a buffer the caller has just filled and will never touch again (no copy).
    /// Kernels only: this is the "mutate inside, freeze on return" rule.
    /// </summary>
    internal static Matrix<T> Own(T[] data, int rows, int cols)
    {
        CheckShape(rows, cols, data.Length);
        return new Matrix<T>(rows, cols, ImmutableCollectionsMarshal.AsImmutableArray(data));
    }

    /// <summary>
    /// The array behind a matrix made by <see cref="Own"/>, to write into. Only for buffers the
    /// caller made and never lets escape (the trainer's owned step): everyone else sees a matrix
    /// as immutable.
    /// </summary>
    internal T[] OwnedBuffer => ImmutableCollectionsMarshal.AsArray(Data)!;

    /// <summary>The same buffer, seen as another shape with the same element count.</summary>
    public Matrix<T> Reshape(int rows, int cols)
    {
        CheckShape(rows, cols, Length);
        return new Matrix<T>(rows, cols, Data);
    }

    /// <summary>Rows <c>[start, start+count)</c> as a new matrix.</summary>
    public Matrix<T> SliceRows(int start, int count) =>
        Create(count, Cols, Span.Slice(start * Cols, count * Cols));

    /// <summary>The rows <paramref name="indices"/>, in that order, as a new matrix (a mini-batch).</summary>
    public Matrix<T> GatherRows(ReadOnlySpan<int> indices)
    {
        var data = new T[indices.Length * Cols];
        GatherRows(indices, data);
        return Own(data, indices.Length, Cols);
    }

    /// <summary>Copies the rows <paramref name="indices"/>, in that order, into <paramref name="into"/>.</summary>
    public void GatherRows(ReadOnlySpan<int> indices, Span<T> into)
    {
        for (var r = 0; r < indices.Length; r++)
            Row(indices[r]).CopyTo(into.Slice(r * Cols, Cols));
    }

    /// <summary>A copy of the buffer as a mutable array (for callers that build new values).</summary>
    public T[] ToArray() => Data.AsSpan().ToArray();

    /// <summary>Shape and contents are equal, bit for bit.</summary>
    public bool Equals(Matrix<T>? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Rows != other.Rows || Cols != other.Cols) return false;
        return Bytes(Span).SequenceEqual(Bytes(other.Span));
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Rows); h.Add(Cols);
        h.AddBytes(Bytes(Span));
        return h.ToHashCode();
    }

    /// <summary>Shape plus the first few values, for test failure messages.</summary>
    public override string ToString()
    {
        var shown = string.Join(", ", Data.Take(8));
        return $"Matrix[{Rows}×{Cols}]({shown}{(Length > 8 ? ", …" : "")})";
    }

    // The raw bytes of a span, for bit-for-bit comparison (T is float or double).
    private static ReadOnlySpan<byte> Bytes(ReadOnlySpan<T> span) =>
        MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(span)), span.Length * Unsafe.SizeOf<T>());

    private static void CheckShape(int rows, int cols, int length)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentException($"matrix shape must be non-negative, got {rows}×{cols}");
        if ((long)rows * cols != length)
            throw new ArgumentException($"a {rows}×{cols} matrix needs {(long)rows * cols} values, got {length}");
    }
}
