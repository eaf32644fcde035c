using System.Text;
using System.Text.Unicode;
using LanguageExt.Common;

namespace Mlp.Data;

/// <summary>
/// A file's bytes as text, one block at a time, for a reader that never holds the whole file:
/// UTF-8 (a leading byte-order mark skipped) or Latin-1. The text stops at the first byte
/// sequence that is not UTF-8 and at the first NUL (text never holds one; binary files nearly
/// always do), and <see cref="Problem"/> then says which line it was on. Line breaks are LF, CRLF
/// or CR, counted as the CSV reader counts them, so the lines named agree.
/// </summary>
internal sealed class CsvDecoder(TextEncoding encoding, string source)
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private bool atStart = true;
    private long breaks;
    private bool endsInCr;

    /// <summary>Why the text stopped early, or null while it has not.</summary>
    public Error? Problem { get; private set; }

    /// <summary>
    /// Decodes from <paramref name="bytes"/> as much as fits in <paramref name="chars"/>:
    /// the characters written, and in <paramref name="consumed"/> the bytes used. Bytes that may
    /// start a character cut off at the end of the block are left unconsumed unless
    /// <paramref name="final"/>. Nothing more is written once <see cref="Problem"/> is set.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> bytes, Span<char> chars, bool final, out int consumed)
    {
        consumed = 0;
        if (Problem is not null) return 0;
        if (atStart && encoding == TextEncoding.Utf8)
        {
            if (!final && bytes.Length < Bom.Length && Bom.AsSpan().StartsWith(bytes)) return 0; // wait for more
            atStart = false;
            if (bytes.StartsWith(Bom)) consumed = Bom.Length;
        }
        atStart = false;
        var input = bytes[consumed..];
        int read, written;
        var invalid = false;
        if (encoding == TextEncoding.Latin1)
        {
            read = written = Math.Min(input.Length, chars.Length);
            Encoding.Latin1.GetChars(input[..read], chars);
        }
        else
        {
            var status = Utf8.ToUtf16(input, chars, out read, out written, replaceInvalidSequences: false, isFinalBlock: final);
            invalid = status == System.Buffers.OperationStatus.InvalidData;
        }
        consumed += read;
        var text = chars[..written];
        if (text.IndexOf('\0') is var nul and >= 0)
        {
            Problem = NulAt(Line(text[..nul]));
            return nul;
        }
        if (invalid)
        {
            var line = Line(text);
            // A binary file seldom fails on a NUL first (PNG starts with 0x89): say "binary" when a NUL follows soon.
            Problem = input[read..].IndexOf((byte)0) is var zero and >= 0
                ? NulAt(line + LineBreaks(input.Slice(read, zero)))
                : DataErrors.Line(source, (int)line,
                    $"byte 0x{input[read]:X2} is not UTF-8 (expected UTF-8 text; is the file Latin-1? then read it with --encoding latin1)");
        }
        Count(text);
        return written;
    }

    // The line that text starting here would be on, after `before` (not yet counted).
    private long Line(ReadOnlySpan<char> before)
    {
        var saved = (breaks, endsInCr);
        Count(before);
        var line = 1 + breaks;
        (breaks, endsInCr) = saved;
        return line;
    }

    private Error NulAt(long line) => DataErrors.Line(source, (int)line,
        "a NUL character: this looks like a binary file, not CSV text (expected comma-separated UTF-8 text)");

    // LF, CRLF and CR each end a line; a CRLF split between two blocks counts once.
    private void Count(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        breaks += text.Count('\n');
        if (endsInCr && text[0] == '\n') breaks--;
        if (text.Contains('\r'))
            for (var i = 0; i < text.Length; i++)
                if (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) breaks++;
        // a CR ending the block was counted above as a lone CR; a LF starting the next block then takes it back
        endsInCr = text[^1] == '\r';
    }

    private static long LineBreaks(ReadOnlySpan<byte> bytes)
    {
        long n = bytes.Count((byte)'\n');
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == '\r' && (i + 1 >= bytes.Length || bytes[i + 1] != '\n')) n++;
        return n;
    }
}
