using LanguageExt.Common;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>
/// A file's text for the CSV reader, decoded a block of 64 KB at a time, so a file is never held
/// whole. Decoding stops at a byte that is not text (see <see cref="CsvDecoder"/>); the reader
/// then sees the end of the file and <see cref="Problem"/> says what was wrong.
/// </summary>
internal sealed class FileText(Stream stream, CsvDecoder decoder, int blockLength = FileText.BlockLength) : TextReader
{
    /// <summary>Bytes read at a time (64 KB), and the most text looked at for the separator.</summary>
    public const int BlockLength = 1 << 16;

    // room beyond a block for the start of a character (or byte-order mark) cut off at its end
    private readonly byte[] bytes = new byte[blockLength + 8];
    private int start, end;
    private bool ended;
    private char[] head = [];
    private int headAt, headLength;

    /// <summary>Why the text stopped before the end of the file, or null.</summary>
    public Error? Problem => decoder.Problem;

    /// <summary>
    /// The text up to the end of the first line that is not blank (at most <see cref="BlockLength"/>
    /// characters), to detect the separator from; reading still starts at its beginning.
    /// </summary>
    public ReadOnlySpan<char> Head()
    {
        if (head.Length == 0)
        {
            head = new char[BlockLength];
            for (int n; headLength < head.Length && !Csv.Detect(head.AsSpan(0, headLength)).Complete; headLength += n)
                if ((n = Decode(head.AsSpan(headLength))) == 0) break;
        }
        return head.AsSpan(headAt, headLength - headAt);
    }

    /// <inheritdoc/>
    public override int Read(Span<char> buffer)
    {
        if (headAt >= headLength) return Decode(buffer);
        var n = Math.Min(buffer.Length, headLength - headAt);
        head.AsSpan(headAt, n).CopyTo(buffer);
        headAt += n;
        return n;
    }

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    /// <inheritdoc/>
    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    private int Decode(Span<char> chars)
    {
        if (chars.IsEmpty) return 0;
        while (true)
        {
            if (start == end && !ended) Fill();
            var written = decoder.Decode(bytes.AsSpan(start, end - start), chars, ended, out var used);
            start += used;
            if (written > 0 || decoder.Problem is not null || ended) return written;
            Fill(); // only the start of a character cut off at the block's end is left: read on
        }
    }

    private void Fill()
    {
        if (start > 0)
        {
            bytes.AsSpan(start, end - start).CopyTo(bytes);
            (end, start) = (end - start, 0);
        }
        var n = stream.Read(bytes, end, Math.Min(blockLength, bytes.Length - end));
        if (n == 0) ended = true;
        end += n;
    }
}
