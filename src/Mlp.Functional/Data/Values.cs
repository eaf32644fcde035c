using System.Collections;

namespace Mlp.Data;

/// <summary>
/// A column's values, immutable once built, kept in chunks of <see cref="ChunkLength"/> so that
/// a table read row by row from a file grows without ever copying a growing array (reading keeps
/// at most one unfilled chunk per column beyond the data itself). Only the first chunk starts
/// small and doubles, so that a wide file of few rows does not cost a full chunk per column.
/// </summary>
public sealed class Values<TValue> : IReadOnlyList<TValue>, IEquatable<Values<TValue>>
{
    /// <summary>Values per chunk (16,384: 64 KB of floats).</summary>
    public const int ChunkLength = 1 << 14;

    private readonly TValue[][] chunks;

    private Values(TValue[][] chunks, int count) => (this.chunks, Count) = (chunks, count);

    /// <summary>No values.</summary>
    public static Values<TValue> Empty { get; } = new([], 0);

    /// <summary>The values of a span, copied.</summary>
    public static Values<TValue> Of(ReadOnlySpan<TValue> values)
    {
        var builder = new Builder();
        foreach (var v in values) builder.Add(v);
        return builder.Build();
    }

    /// <summary>How many values.</summary>
    public int Count { get; }

    /// <summary>Value <paramref name="index"/>.</summary>
    public TValue this[int index] => (uint)index < (uint)Count
        ? chunks[index >> 14][index & (ChunkLength - 1)]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"expected an index below {Count}");

    /// <summary>How many chunks hold the values.</summary>
    public int ChunkCount => (Count + ChunkLength - 1) / ChunkLength;

    /// <summary>Chunk <paramref name="index"/>'s values: <see cref="ChunkLength"/> of them, fewer in the last chunk.</summary>
    public ReadOnlySpan<TValue> Chunk(int index) => (uint)index < (uint)ChunkCount
        ? chunks[index].AsSpan(0, Math.Min(ChunkLength, Count - index * ChunkLength))
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"expected a chunk index below {ChunkCount}");

    /// <summary>The values at <paramref name="rows"/>, in that order.</summary>
    public Values<TValue> Select(ReadOnlySpan<int> rows)
    {
        var builder = new Builder();
        foreach (var r in rows) builder.Add(this[r]);
        return builder.Build();
    }

    /// <summary>Copies every value into <paramref name="into"/>, in order.</summary>
    public void CopyTo(Span<TValue> into)
    {
        for (int c = 0, at = 0; at < Count; c++)
        {
            var n = Math.Min(ChunkLength, Count - at);
            chunks[c].AsSpan(0, n).CopyTo(into[at..]);
            at += n;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<TValue> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same count and the same values, in order.</summary>
    public bool Equals(Values<TValue>? other) =>
        other is not null && Count == other.Count && this.SequenceEqual(other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Values<TValue>);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Count, Count > 0 ? this[0] : default);

    /// <summary>Collects values one at a time, a chunk at a time; used once, by one thread.</summary>
    public sealed class Builder
    {
        private readonly List<TValue[]> chunks = [];
        private TValue[] last = [];
        private int count;

        /// <summary>Values added so far.</summary>
        public int Count => count;

        /// <summary>Appends <paramref name="value"/>.</summary>
        public void Add(TValue value)
        {
            var at = count & (ChunkLength - 1);
            if (at == 0 && count > 0) chunks.Add(last = new TValue[ChunkLength]);
            else if (at == last.Length) GrowFirst();
            last[at] = value; // the chunk being filled, kept at hand: this runs once per cell of a file
            count++;
        }

        // The first chunk: 16 values, doubled as needed up to a whole chunk.
        private void GrowFirst()
        {
            if (last.Length == 0) chunks.Add(last = new TValue[16]);
            else
            {
                Array.Resize(ref last, Math.Min(2 * last.Length, ChunkLength));
                chunks[0] = last;
            }
        }

        /// <summary>Value <paramref name="index"/> added so far (for a reader that changes its mind about a column).</summary>
        public TValue this[int index] => chunks[index >> 14][index & (ChunkLength - 1)];

        /// <summary>The values, frozen; the builder must not be used again.</summary>
        public Values<TValue> Build() => new([.. chunks], count);
    }
}
