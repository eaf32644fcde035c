using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using Mlp.Data;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>Random data sets, CSV/IDX files and corruptions of them, all drawn from one seed.</summary>
internal static class DataGen
{
    public static Rng Seed(int a, int b) => Rng.FromSeed(((long)a << 32) ^ (uint)b);

    private const string NameChars = "abcxyzAZ_09 é,\"-.\t";
    private static readonly string[] NumericLabels = ["0", "1", "2", "9", "10", "11", "-1", "2.5", "+3", "1e1", "007", "100"];
    private static readonly string[] TextLabels = ["setosa", "B", "a", "10", "x y", "\"q\"", "a,b", " lead", "NaN", "é", "line\nbreak"];

    /// <summary>A random data set that can be written as CSV: distinct names, finite values, each class used.</summary>
    public static Dataset<T> Dataset<T>(ref Sampler s, bool? classification = null) where T : IFloatingPointIeee754<T>
    {
        var (n, d) = (1 + s.NextInt(30), 1 + s.NextInt(6));
        var isClass = classification ?? s.NextInt(2) == 0;
        var k = isClass ? 2 + s.NextInt(Math.Min(4, n + 1)) : 0;
        if (isClass && k > n) k = n < 2 ? 0 : n;
        if (isClass && k == 0) isClass = false;
        var outputs = isClass ? 1 : s.NextInt(4);
        var names = Names(ref s, d + outputs);
        var x = Matrix<T>.Own(Values<T>(ref s, n * d), n, d);
        if (!isClass)
            return new Dataset<T>("r.csv", x, [.. names.Take(d)], Matrix<T>.Own(Values<T>(ref s, n * outputs), n, outputs),
                [.. names.Skip(d)], [], []);
        var pool = s.NextInt(2) == 0 ? NumericLabels : TextLabels;
        var chosen = new List<string>();
        while (chosen.Count < k) { var c = pool[s.NextInt(pool.Length)]; if (!chosen.Contains(c)) chosen.Add(c); }
        var classes = ClassOrder.Sort(chosen);
        var labels = new int[n];
        for (var i = 0; i < n; i++) labels[i] = i < k ? i : s.NextInt(k);
        return new Dataset<T>("r.csv", x, [.. names.Take(d)], OneHot.Encode<T>(labels, k), [names[d]], classes, [.. labels]);
    }

    /// <summary>Distinct, non-empty column names; the first starts with a letter so the header is never all numbers.</summary>
    public static string[] Names(ref Sampler s, int count)
    {
        var names = new List<string>();
        while (names.Count < count)
        {
            var sb = new StringBuilder(names.Count == 0 ? "f" : "");
            for (var len = 1 + s.NextInt(6); sb.Length < len;) sb.Append(NameChars[s.NextInt(NameChars.Length)]);
            var name = sb.ToString();
            if (!names.Contains(name)) names.Add(name);
        }
        return [.. names];
    }

    /// <summary>Finite values of many magnitudes, with integers, zeros and negative zeros among them.</summary>
    public static T[] Values<T>(ref Sampler s, int count) where T : IFloatingPointIeee754<T>
    {
        var v = new T[count];
        for (var i = 0; i < count; i++)
            v[i] = s.NextInt(5) switch
            {
                0 => T.CreateChecked(s.NextInt(21) - 10),
                1 => s.NextInt(2) == 0 ? T.Zero : -T.Zero,
                2 => T.CreateChecked(s.Normal() * Math.Pow(10, s.NextInt(61) - 30)),
                _ => T.CreateChecked(s.Uniform(100)),
            };
        return v;
    }

    /// <summary>A random unsigned-byte IDX array of 1 to 3 dimensions (sizes 0 to 6).</summary>
    public static IdxArray Idx(ref Sampler s)
    {
        var dims = new int[1 + s.NextInt(3)];
        for (var i = 0; i < dims.Length; i++) dims[i] = s.NextInt(7);
        var values = new byte[dims.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++) values[i] = (byte)s.NextInt(256);
        return new IdxArray([.. dims], ImmutableArray.Create(values));
    }

    private static readonly char[] Nasty = [',', '"', '\n', '\r', ' ', '\t', 'x', '\0', '\uFFFD', '5', '.', 'e', '-', 'N', '\uFEFF'];

    /// <summary>One to three corruptions: truncation, a replaced, inserted or deleted piece, garbage.</summary>
    public static string Corrupt(ref Sampler s, string text)
    {
        var sb = new StringBuilder(text);
        for (var ops = 1 + s.NextInt(3); ops > 0; ops--)
        {
            var at = s.NextInt(sb.Length + 1);
            switch (s.NextInt(5))
            {
                case 0: sb.Length = at; break;
                case 1 when at < sb.Length: sb[at] = Nasty[s.NextInt(Nasty.Length)]; break;
                case 2: sb.Insert(at, Nasty[s.NextInt(Nasty.Length)]); break;
                case 3: sb.Remove(at, Math.Min(sb.Length - at, s.NextInt(8))); break;
                default:
                    for (var g = s.NextInt(10); g > 0; g--) sb.Insert(at, (char)s.NextInt(128));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The same kinds of corruption on bytes (bit flips instead of replaced characters).</summary>
    public static byte[] Corrupt(ref Sampler s, byte[] bytes)
    {
        var b = new List<byte>(bytes);
        for (var ops = 1 + s.NextInt(3); ops > 0; ops--)
        {
            var at = s.NextInt(b.Count + 1);
            switch (s.NextInt(5))
            {
                case 0: b.RemoveRange(at, b.Count - at); break;
                case 1 when at < b.Count: b[at] ^= (byte)(1 << s.NextInt(8)); break;
                case 2: b.Insert(at, (byte)s.NextInt(256)); break;
                case 3: b.RemoveRange(at, Math.Min(b.Count - at, s.NextInt(8))); break;
                default:
                    for (var g = s.NextInt(10); g > 0; g--) b.Insert(at, (byte)s.NextInt(256));
                    break;
            }
        }
        return [.. b];
    }

    public static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
}
