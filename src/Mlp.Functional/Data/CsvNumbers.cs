using System.Globalization;
using System.Numerics;

namespace Mlp.Data;

/// <summary>Numbers as cells write them: the invariant culture's, or with a decimal comma.</summary>
internal static class Numbers
{
    /// <summary>
    /// Reads a number (leading and trailing spaces, a sign and an exponent allowed); with a
    /// decimal comma <c>1,5</c> is 1.5 and <c>1.5</c> is not a number, without one the reverse.
    /// </summary>
    public static bool TryParse<T>(ReadOnlySpan<char> text, bool decimalComma, out T value) where T : IFloatingPointIeee754<T>
    {
        if (text.Contains(decimalComma ? '.' : ',')) { value = T.Zero; return false; }
        return T.TryParse(text, NumberStyles.Float, decimalComma ? CsvCells.CommaCulture.NumberFormat : NumberFormatInfo.InvariantInfo, out value!);
    }

    /// <summary>What is wrong with a cell that reads as NaN or ±∞.</summary>
    public static string NotFinite<T>(ReadOnlySpan<char> text) where T : IFloatingPointIeee754<T> =>
        IsNaNOrInfinity(text)
            ? $"expected a finite number, got {DataErrors.Quote(text)} (NaN and infinity are not allowed)"
            : $"{DataErrors.Quote(text)} is out of range for {typeof(T).Name}; expected a finite number";

    /// <summary>The culture's NaN and infinity words, as opposed to a number too large for the type.</summary>
    public static bool IsNaNOrInfinity(ReadOnlySpan<char> s)
    {
        s = s.Trim().TrimStart("+-");
        return s.Equals("NaN", StringComparison.OrdinalIgnoreCase) || s.Equals("Infinity", StringComparison.OrdinalIgnoreCase)
            || s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("∞", StringComparison.Ordinal);
    }
}
