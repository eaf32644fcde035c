using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>
/// The checkpoint format <c>mlp-checkpoint/1</c>: a <see cref="TrainState{T}"/> (epoch, network,
/// optimizer state, random state, early-stopping memory) as JSON, so that training resumed from
/// a file continues bit for bit. The network and the best network are embedded as whole
/// <c>mlp/1</c> model documents (checked by the model loader); optimizer moments are written
/// leaf by leaf with round-trip numbers; the random state as four hexadecimal words.
/// </summary>
public static class CheckpointJson
{
    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "mlp-checkpoint/1";

    private static readonly string[] RootFields = ["format", "epoch", "rng", "bestEpoch", "bestLoss", "network", "best", "optimizer"];

    /// <summary>The state as UTF-8 JSON; <paramref name="loss"/> is stored with the networks.</summary>
    public static Fin<byte[]> Serialize<T>(TrainState<T> state, Loss loss) where T : IFloatingPointIeee754<T>
    {
        var model = ModelJson.Serialize(new TrainedModel<T>(state.Network, loss, null, null, null));
        if (model.IsFail) return (Error)model;
        var best = ModelJson.Serialize(new TrainedModel<T>(state.Best, loss, null, null, null));
        if (best.IsFail) return (Error)best;
        var optimizer = OptStateJson.Writable<T>(state.Optimizer, "$.optimizer");
        if (optimizer.IsFail) return (Error)optimizer;
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("epoch", state.Epoch);
            w.WriteStartArray("rng");
            foreach (var word in new[] { state.Rng.S0, state.Rng.S1, state.Rng.S2, state.Rng.S3 })
                w.WriteStringValue(word.ToString("x16", CultureInfo.InvariantCulture));
            w.WriteEndArray();
            w.WriteNumber("bestEpoch", state.BestEpoch);
            // JSON has no infinity: "no best yet" is null.
            if (double.IsFinite(state.BestLoss)) w.WriteNumber("bestLoss", state.BestLoss); else w.WriteNull("bestLoss");
            w.WritePropertyName("network");
            w.WriteRawValue((byte[])model, skipInputValidation: true);
            w.WritePropertyName("best");
            w.WriteRawValue((byte[])best, skipInputValidation: true);
            w.WritePropertyName("optimizer");
            OptStateJson.Write<T>(w, state.Optimizer);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a checkpoint (a leading byte-order mark is allowed). The error names the first problem
    /// with its JSON path, e.g. <c>$.optimizer.inner[1].mu[0][3]: expected 16 values, got 15</c>.
    /// </summary>
    public static Fin<(TrainState<T> State, Loss Loss)> Parse<T>(ReadOnlyMemory<byte> utf8) where T : IFloatingPointIeee754<T> =>
        JsonSyntax.Document(utf8, Format).Bind(Guarded<T>);

    // The reader with a guard against what it did not foresee (as ModelJson.Parse has).
    private static Fin<(TrainState<T> State, Loss Loss)> Guarded<T>(JsonValue root) where T : IFloatingPointIeee754<T>
    {
        try { return Read<T>(root); }
        catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException)
        {
            return Error.New($"$: the checkpoint could not be read ({e.GetType().Name}: {e.Message}); {ModelJson.Unexpected}");
        }
    }

    // Fields in the order they are written; the networks come before the optimizer state, whose leaves take their shapes.
    private static Fin<(TrainState<T> State, Loss Loss)> Read<T>(JsonValue root) where T : IFloatingPointIeee754<T> =>
        from f in Object(root, "$", RootFields)
        from _ in JsonFields.Format(f, Format, "an Mlp checkpoint")
        from epoch in Int(f, "$", "epoch", 0, int.MaxValue)
        from rng in RngOf(f)
        from bestEpoch in Int(f, "$", "bestEpoch", 0, epoch)
        from bestLoss in BestLoss(f)
        from network in Embedded<T>(f, "network")
        from best in Embedded<T>(f, "best")
        from __ in SameArchitecture(network.Network, best.Network)
        from optimizer in Field(f, "$", "optimizer", "expected an optimizer state")
            .Bind(e => OptStateJson.Read(e, "$.optimizer", network.Network.Params))
        select (new TrainState<T>(epoch, network.Network, optimizer, rng, best.Network, bestEpoch, bestLoss), network.Loss);

    private static Fin<Rng> RngOf(Dictionary<string, JsonValue> f)
    {
        const string expected = "expected four hexadecimal words";
        return Field(f, "$", "rng", expected).Bind(e => e.Kind == JsonTokenType.StartArray && e.Count() == 4
            ? Words(e)
            : Error.New($"$.rng: {expected}, got {Describe(e)}"));
    }

    private static Fin<Rng> Words(JsonValue rng)
    {
        const string expected = "a hexadecimal word of 1 to 16 digits";
        var words = new ulong[4];
        var i = 0;
        foreach (var e in rng.Elements())
        {
            var path = $"$.rng[{i}]";
            var text = Text(e, path, expected);
            if (text.IsFail) return (Error)text;
            var word = (string)text;
            if (word.Length is < 1 or > 16
                || !ulong.TryParse(word, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i]))
                return Error.New($"{path}: expected {expected}, got {Quote(word)}");
            i++;
        }
        // xoshiro's one state that never leaves zero: every shuffle after it would be the same
        return words.All(w => w == 0)
            ? Error.New("$.rng: expected four hexadecimal words, not all zero")
            : new Rng(words[0], words[1], words[2], words[3]);
    }

    // JSON has no infinity: "no best yet" is written as null.
    private static Fin<double> BestLoss(Dictionary<string, JsonValue> f) =>
        Field(f, "$", "bestLoss", "expected a finite number, or null (no best yet)")
            .Bind(e => e.Kind == JsonTokenType.Null ? double.PositiveInfinity : Number<double>(e, "$.bestLoss"));

    // The network and the best network are whole model documents, checked by the model loader.
    private static Fin<TrainedModel<T>> Embedded<T>(Dictionary<string, JsonValue> f, string name) where T : IFloatingPointIeee754<T> =>
        Field(f, "$", name, $"expected a model document (\"format\": \"{ModelJson.Format}\")")
            .Bind(e => ModelJsonReader.Read<T>(e).BiMap(Succ: model => model, Fail: error => Under($"$.{name}", error)));

    private static Fin<Unit> SameArchitecture<T>(Network<T> network, Network<T> best) where T : IFloatingPointIeee754<T>
    {
        var (expected, got) = (Architecture(network), Architecture(best));
        return expected == got ? Unit.Default : Error.New($"$.best: expected the network's architecture ({expected}), got {got}");
    }

    // Sizes and activations, e.g. "4 → 8 → 3 (relu, softmax)".
    private static string Architecture<T>(Network<T> n) where T : IFloatingPointIeee754<T> =>
        $"{string.Join(" → ", n.Sizes)} ({string.Join(", ", n.Layers.Select(l => l.Activation.Name()))})";
}
