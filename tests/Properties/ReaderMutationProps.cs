using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Xunit;
using LanguageExt;
using Mlp.Losses;
using Mlp.Serialization;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Properties;

/// <summary>
/// The model-file and checkpoint readers on mutated input (issue 11, item 5): a valid file changed
/// in one or two places (bytes, tokens, fields, sizes) loads or names the problem, never lets an
/// exception escape, and allocates at most <see cref="PerByte"/> bytes per input byte plus
/// <see cref="Constant"/>, measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around
/// the call (the total allocated bounds the peak). A size mutation (<c>"inputs": 1000000</c> above a
/// short row) used to make the loader allocate a buffer the text could never fill: 4 MB for a
/// model file of 385 bytes, 12.6 MB for a checkpoint of 1.7 KB (and 400 MB for a 438-byte file of 95 rows).
/// </summary>
public sealed class ReaderMutationProps
{
    /// <summary>
    /// Bytes allowed per input byte. Measured on valid files: the small ones of these generators
    /// allocate at most 35 KB (model) and 70 KB (checkpoint), what reading costs whatever the
    /// size; a 784-256-10 model written with one-digit numbers ("0,"), 6.7 bytes per byte read as double.
    /// </summary>
    private const long PerByte = 16;

    /// <summary>Bytes allowed whatever the size: error messages, paths, small dictionaries (see <see cref="PerByte"/>).</summary>
    private const long Constant = 256 * 1024;

    static ReaderMutationProps()
    {
        // first calls build LanguageExt's and the JSON reader's statics: not the reader's cost
        var text = Encoding.UTF8.GetBytes(ModelJson.SerializeText(RandomModels.Build<float>(1, 2, 3)).Match(t => t, e => e.Message));
        _ = ModelJson.Parse<float>(text);
        _ = ModelJson.Parse<double>("{}"u8.ToArray());
        _ = CheckpointJson.Parse<float>("{}"u8.ToArray());
        _ = CheckpointJson.Parse<double>(Checkpoint(1));
    }

    [Property(MaxTest = 200)]
    public void A_mutated_model_file_loads_or_names_the_problem_within_bounded_memory(NonNegativeInt depth, NonNegativeInt width,
        int seed, PositiveInt times)
    {
        var text = ModelJson.SerializeText(RandomModels.Build<float>(seed, 1 + depth.Get % 3, 1 + width.Get % 5))
            .Match(t => t, e => throw new Xunit.Sdk.XunitException(e.Message));
        var bytes = Mutated(text, seed, 1 + times.Get % 2);
        Check(bytes, b => ModelJson.Parse<float>(b).Match(m => ModelJson.Serialize(m).IsSucc ? "" : "could not be saved again", e => e.Message));
        Check(bytes, b => ModelJson.Parse<double>(b).Match(m => ModelJson.Serialize(m).IsSucc ? "" : "could not be saved again", e => e.Message));
    }

    [Property(MaxTest = 200)]
    public void A_mutated_checkpoint_loads_or_names_the_problem_within_bounded_memory(int seed, PositiveInt times)
    {
        var bytes = Mutated(Encoding.UTF8.GetString(Checkpoint(seed)), seed, 1 + times.Get % 2);
        Check(bytes, b => CheckpointJson.Parse<float>(b).Match(s => CheckpointJson.Serialize(s.State, s.Loss).IsSucc ? "" : "could not be saved again", e => e.Message));
        Check(bytes, b => CheckpointJson.Parse<double>(b).Match(s => CheckpointJson.Serialize(s.State, s.Loss).IsSucc ? "" : "could not be saved again", e => e.Message));
    }

    private static byte[] Checkpoint(int seed) =>
        CheckpointJson.Serialize(CheckpointProps.RandomState<float>(seed, 1 + (seed & 1), 1 + (seed >> 1 & 3)), Loss.BinaryCrossEntropy)
            .Match(b => b, e => throw new Xunit.Sdk.XunitException(e.Message));

    // The reader's outcome ("" for a model that saves again, else the message) and what it allocated.
    private static void Check(byte[] bytes, Func<byte[], string> read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        string outcome;
        try { outcome = read(bytes); }
        catch (Exception e) { outcome = $"an exception escaped: {e.GetType().Name}: {e.Message}"; }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var preview = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 300)]);
        Assert.True(outcome == "" || (outcome.StartsWith('$') && !outcome.Contains(ModelJson.Unexpected)), $"{outcome}\nin: {preview}");
        Assert.True(allocated <= PerByte * bytes.Length + Constant,
            $"{allocated} bytes allocated for {bytes.Length} bytes of input (at most {PerByte * bytes.Length + Constant}); {outcome}\nin: {preview}");
    }

    private static readonly Regex Size = new("\"(inputs|outputs|epoch|bestEpoch|count)\": \\d+");
    private static readonly Regex NumberToken = new(@"-?\d[\d.eE+\-]*");
    private static readonly Regex Field = new("\"\\w+\": ?(\"[^\"]*\"|-?[\\d.eE+\\-]+|null|\\[[^\\[\\]]*\\])(,\\s*)?");
    private static readonly Regex Row = new(@"\[[^\[\]]*\]");

    private static byte[] Mutated(string text, int seed, int times)
    {
        var s = new Sampler(Rng.FromSeed(seed ^ 0xB0B));
        for (var k = 0; k < times; k++) text = Mutate(text, ref s);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (s.NextInt(4) == 0) bytes[s.NextInt(bytes.Length)] ^= (byte)(1 << s.NextInt(8)); // may break UTF-8
        return s.NextInt(8) == 0 ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;                    // a byte-order mark is fine
    }

    private static string Mutate(string text, ref Sampler s)
    {
        switch (s.NextInt(7))
        {
            case 0: case 1: // a size: the loader must not believe it before the text shows it, nor take a size that is none
                string[] sizes = ["1048576", "1000000", "65536", "4097", "0", "2", "-1", "1.5", "1e400", "99999999999", "\"3\"", "null"];
                var size = sizes[s.NextInt(sizes.Length)];
                return Replace(Size, text, ref s, m => $"{m.Value[..(m.Value.IndexOf(':') + 1)]} {size}");
            case 2: // cut short
                return text[..s.NextInt(text.Length)];
            case 3: // a number made another
                string[] numbers = ["1e400", "-1", "0", "1E-46", "7", "99999999999", "\"x\"", "[]", "{}"];
                var number = numbers[s.NextInt(numbers.Length)];
                return Replace(NumberToken, text, ref s, _ => number);
            case 4: return Replace(Field, text, ref s, _ => "");                        // a field gone
            case 5: return Replace(Row, text, ref s, m => $"{m.Value}, {m.Value}");      // a row doubled
            default: return Replace(Row, text, ref s, _ => "[]");                        // a row emptied
        }
    }

    private static string Replace(Regex pattern, string text, ref Sampler s, Func<Match, string> with)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return text;
        var m = matches[s.NextInt(matches.Count)];
        return text[..m.Index] + with(m) + text[(m.Index + m.Length)..];
    }
}
