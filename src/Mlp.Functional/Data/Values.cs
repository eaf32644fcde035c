using System.Collections;

namespace Mlp.Data;

/// <summary>
/// A column's values, immutable once built, kept in chunks of <see cref="ChunkLength"/> so that
/// a table read row by row from a file grows without ever copying a growing array (reading keeps
/// at most one unfilled chunk per column beyond the data itself).
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
        private int count;

        /// <summary>Values added so far.</summary>
        public int Count => count;

        /// <summary>Appends <paramref name="value"/>.</summary>
        public void Add(TValue value)
        {
            if ((count & (ChunkLength - 1)) == 0) chunks.Add(new TValue[ChunkLength]);
            chunks[^1][count & (ChunkLength - 1)] = value;
            count++;
        }

        /// <summary>Value <paramref name="index"/> added so far (for a reader that changes its mind about a column).</summary>
        public TValue this[int index] => chunks[index >> 14][index & (ChunkLength - 1)];

        /// <summary>The values, frozen; the builder must not be used again.</summary>
        public Values<TValue> Build() => new([.. chunks], count);
    }
}
