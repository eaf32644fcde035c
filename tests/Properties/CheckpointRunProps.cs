using System.Collections.Immutable;
using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Mlp.Losses;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Properties;

/// <summary>
/// Whole checkpoints (<c>mlp-checkpoint/2</c>): a trainer state, the model around its network
/// (numeric and categorical encoders, classes, targets) and a run record, random in every part,
/// save and load back bit for bit (−0 in the encoders included); damaged, they load or name the
/// problem with a JSON path, and never throw.
/// </summary>
public sealed class CheckpointRunProps
{
    // Names that JSON must escape or that are not ASCII (no half surrogate pairs: those are not text).
    private static readonly string[] Odd = ["", " ", "\"", "\\", "\n", "é", "𝔵", "\u0001", "/", "<&>"];

    private static string Name(ref Sampler s, string stem, int i) => $"{stem}{Odd[s.NextInt(Odd.Length)]}{i}";

    private static ImmutableArray<string> Names(ref Sampler s, string stem, int count)
    {
        var names = new string[count];
        for (var k = 0; k < count; k++) names[k] = Name(ref s, stem, k);
        return [.. names];
    }

    internal static Checkpoint<T> Random<T>(int seed, int depth, int width) where T : IFloatingPointIeee754<T>
    {
        var state = CheckpointProps.RandomState<T>(seed, depth, width);
        var s = new Sampler(Rng.FromSeed(seed ^ 0x5EED));
        if (s.NextInt(2) == 0) state = state with { Best = state.Network }; // written as null
        var net = state.Network;
        var fitting = LossFunctions.All.Where(l => l.Fits(net.OutputActivation)).ToArray();
        var loss = fitting[s.NextInt(fitting.Length)];
        // mse names its classes when it classifies; the other losses may leave them out.
        var classes = s.NextInt(2) == 0 ? Names(ref s, "class", net.Outputs >= 2 ? net.Outputs : 2) : (ImmutableArray<string>?)null;
        var classification = classes is not null || loss != Loss.Mse;
        var targets = Names(ref s, "target", classification ? 1 : net.Outputs);
        var model = new TrainedModel<T>(net, loss, classes, Columns(ref s, net.Inputs)) { Targets = targets };
        return new Checkpoint<T>(state, model, s.NextInt(4) == 0 ? null : Run(ref s));
    }

    // Numeric and categorical encoders, `width` inputs in all.
    private static Preprocessor Columns(ref Sampler s, int width)
    {
        var columns = new List<ColumnEncoder>();
        for (var left = width; left > 0; left -= columns[^1].Width)
        {
            var name = Name(ref s, "column", columns.Count);
            if (s.NextInt(2) == 0)
            {
                var categories = new string[1 + s.NextInt(Math.Min(3, left))];
                for (var k = 0; k < categories.Length; k++) categories[k] = Name(ref s, "", k);
                columns.Add(new ColumnEncoder.Categorical(name, [.. categories], s.NextInt(2) == 0 ? null : categories[s.NextInt(categories.Length)]));
                continue;
            }
            // within what a model file allows (ModelJson.MinScale and the float range), as RandomModels draws them
            double scale;
            do scale = Math.Abs(double.CreateChecked(RandomModels.Value<float>(ref s))); while (scale < Serialization.ModelJson.MinScale);
            columns.Add(new ColumnEncoder.Numeric(name, s.NextInt(2) == 0 ? null : double.CreateChecked(RandomModels.Value<float>(ref s)),
                double.CreateChecked(RandomModels.Value<float>(ref s)), scale));
        }
        return new Preprocessor([.. columns]);
    }

    private static RunRecord Run(ref Sampler s)
    {
        var options = ImmutableArray.CreateBuilder<(string, string)>();
        for (var i = s.NextInt(25); i > 0; i--) options.Add((Name(ref s, "option", options.Count), Name(ref s, "value", i)));
        return new RunRecord(Name(ref s, "data", 0), options.ToImmutable(), Rows(ref s), Rows(ref s), Hex(ref s));
    }

    private static RowsPrint Rows(ref Sampler s) => new(s.NextInt(int.MaxValue), Hex(ref s));

    private static string Hex(ref Sampler s)
    {
        var bytes = new byte[32];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)s.NextInt(256);
        return Convert.ToHexStringLower(bytes);
    }

    private static string Text<T>(Checkpoint<T> c) where T : IFloatingPointIeee754<T> =>
        Encoding.UTF8.GetString(CheckpointJson.Serialize(c).Match(b => b, e => throw new Xunit.Sdk.XunitException(e.Message)));

    [Property(MaxTest = 50)]
    public void Save_then_load_gives_the_same_float_checkpoint(NonNegativeInt depth, NonNegativeInt width, int seed) =>
        RoundTrip(Random<float>(seed, 1 + depth.Get % 3, 1 + width.Get % 6));

    [Property(MaxTest = 50)]
    public void Save_then_load_gives_the_same_double_checkpoint(NonNegativeInt depth, NonNegativeInt width, int seed) =>
        RoundTrip(Random<double>(seed, 1 + depth.Get % 3, 1 + width.Get % 6));

    private static void RoundTrip<T>(Checkpoint<T> checkpoint) where T : IFloatingPointIeee754<T>
    {
        var back = CheckpointJson.ParseCheckpoint<T>(Encoding.UTF8.GetBytes(Text(checkpoint)))
            .Match(c => c, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(checkpoint, back);
        Assert.True(RandomModels.SameBits(checkpoint.Model, back.Model), "the encoders' numbers changed bits (−0?)");
    }

    [Property(MaxTest = 200)]
    public void Damaged_checkpoints_with_a_run_load_or_name_the_problem(NonNegativeInt depth, NonNegativeInt width, int seed, NonNegativeInt how)
    {
        var text = Text(Random<float>(seed, 1 + depth.Get % 2, 1 + width.Get % 4));
        var s = new Sampler(Rng.FromSeed(seed ^ 0xC0FFEE));
        var (damaged, mustFail) = CheckpointProps.Damage(text, how.Get % 8, ref s);
        var message = CheckpointJson.ParseCheckpoint<float>(damaged)
            .Match(c => CheckpointJson.Serialize(c).IsSucc ? "" : "a loaded checkpoint could not be saved again", e => e.Message);
        Assert.True(message == "" || (message.StartsWith('$') && message.Contains(": ") && !message.Contains(ModelJson.Unexpected)), message);
        if (mustFail && !damaged.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text))) Assert.NotEqual("", message);
    }
}
