using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Xunit;
using LanguageExt;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Serialization;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Properties;

/// <summary>
/// The trainer's checkpoint (<c>mlp-checkpoint/2</c> with no run): save → load is the identity bit for bit, and a valid
/// checkpoint damaged in any way loads or names the problem with a JSON path; it never throws.
/// Damage that cannot leave a valid file (cut short, a number made a string, a row shortened or
/// doubled) always fails.
/// </summary>
public sealed class CheckpointProps
{
    // A random network after two steps of a random optimizer (with or without decay and
    // clipping), so the state holds non-zero moments and counts.
    internal static TrainState<T> RandomState<T>(int seed, int depth, int width) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var sizes = Enumerable.Range(0, depth + 1).Select(_ => 1 + s.NextInt(width)).ToArray();
        var net = Init.Network<T>(sizes, Activation.Tanh, Activation.Sigmoid, Initializer.XavierUniform, seed);
        var kind = Optimizers.All[s.NextInt(Optimizers.All.Count)];
        var opt = Optimizers.Create(kind, null, weightDecay: s.NextInt(2) * 1e-3, clipNorm: s.NextInt(2) == 0 ? null : 1.0);
        var state = opt.Init(net.Params);
        var best = net;
        for (var step = 0; step < 2; step++)
        {
            best = net;
            (var updates, state) = opt.Update(net.Params.Scaled(T.CreateChecked(0.5)), state, net.Params);
            net = net.WithParams(Updates.Apply(net.Params, updates));
        }
        return new TrainState<T>(2 + s.NextInt(5), net, state, Rng.FromSeed(seed ^ 7), best, 1, 0.5 + s.NextDouble());
    }

    private static string Text<T>(TrainState<T> state) where T : IFloatingPointIeee754<T> =>
        Encoding.UTF8.GetString(CheckpointJson.Serialize(state, Loss.BinaryCrossEntropy)
            .Match(b => b, e => throw new Xunit.Sdk.XunitException(e.Message)));

    [Property(MaxTest = 50)]
    public void Save_then_load_gives_the_same_float_state(NonNegativeInt depth, NonNegativeInt width, int seed) =>
        RoundTrip(RandomState<float>(seed, 1 + depth.Get % 3, 1 + width.Get % 6));

    [Property(MaxTest = 50)]
    public void Save_then_load_gives_the_same_double_state(NonNegativeInt depth, NonNegativeInt width, int seed) =>
        RoundTrip(RandomState<double>(seed, 1 + depth.Get % 3, 1 + width.Get % 6));

    private static void RoundTrip<T>(TrainState<T> state) where T : IFloatingPointIeee754<T>
    {
        var (back, loss) = CheckpointJson.Parse<T>(Encoding.UTF8.GetBytes(Text(state)))
            .Match(s => s, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(state, back);
        Assert.Equal(Loss.BinaryCrossEntropy, loss);
    }

    [Property(MaxTest = 200)]
    public void Damaged_checkpoints_load_or_name_the_problem(NonNegativeInt depth, NonNegativeInt width, int seed, NonNegativeInt how)
    {
        var text = Text(RandomState<float>(seed, 1 + depth.Get % 2, 1 + width.Get % 4));
        var s = new Sampler(Rng.FromSeed(seed ^ 0xC0FFEE));
        var (damaged, mustFail) = Damage(text, how.Get % 8, ref s);
        var message = Outcome(CheckpointJson.Parse<float>(damaged));
        Assert.True(message == "" || (message.StartsWith('$') && message.Contains(": ") && !message.Contains(ModelJson.Unexpected)), message);
        // (a pattern with nothing to match leaves the text as it was, and valid)
        if (mustFail && !damaged.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text))) Assert.NotEqual("", message);
    }

    private static string Outcome<T>(Fin<(TrainState<T> State, Loss Loss)> loaded) where T : IFloatingPointIeee754<T> =>
        loaded.Match(l => CheckpointJson.Serialize(l.State, l.Loss).IsSucc ? "" : "a loaded checkpoint could not be saved again", e => e.Message);

    private static readonly Regex NumberToken = new(@"-?\d[\d.eE+\-]*");
    private static readonly Regex SimpleProperty = new("\"\\w+\": ?(\"[^\"]*\"|-?[\\d.eE+\\-]+|null|\\[[^\\[\\]]*\\])(,\\s*)?");
    private static readonly Regex RowElement = new(@",\s*-?\d[\d.eE+\-]*(?=\s*[,\]])");
    private static readonly Regex Row = new(@"\[[^\[\]]*\]");
    private static readonly Regex Name = new("\"[a-z-]+\"(?=[,\\s}])");

    // One kind of damage, and whether a file so damaged can never be valid.
    internal static (byte[] Bytes, bool MustFail) Damage(string text, int how, ref Sampler s)
    {
        switch (how)
        {
            case 0: return (Encoding.UTF8.GetBytes(text[..s.NextInt(text.Length)]), true); // cut short
            case 1: return (Edit(NumberToken, text, ref s, _ => "\"abc\""), true);
            case 2: return (Edit(RowElement, text, ref s, _ => ""), true);
            case 3: return (Edit(Row, text, ref s, m => $"{m.Value}, {m.Value}"), true);
            case 4: return (Edit(SimpleProperty, text, ref s, _ => ""), false); // drop a field (an optional one may go)
            case 5:
                string[] numbers = ["1e400", "-1", "0", "-0", "1.5", "7", "99999999999", "1E-46"];
                var number = numbers[s.NextInt(numbers.Length)];
                return (Edit(NumberToken, text, ref s, _ => number), false);
            case 6:
                string[] names = ["\"adam\"", "\"chain\"", "\"empty\"", "\"rms\"", "\"relu\"", "\"mse\"", "null", "[]", "{}"];
                var name = names[s.NextInt(names.Length)];
                return (Edit(Name, text, ref s, _ => name), false);
            default: // a raw bit flip, which may break UTF-8
                var flipped = Encoding.UTF8.GetBytes(text);
                flipped[s.NextInt(flipped.Length)] ^= (byte)(1 << s.NextInt(8));
                return (flipped, false);
        }
    }

    private static byte[] Edit(Regex pattern, string text, ref Sampler s, Func<Match, string> with) =>
        Encoding.UTF8.GetBytes(Replace(pattern, text, ref s, with));

    private static string Replace(Regex pattern, string text, ref Sampler s, Func<Match, string> with)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return text;
        var m = matches[s.NextInt(matches.Count)];
        return text[..m.Index] + with(m) + text[(m.Index + m.Length)..];
    }
}
