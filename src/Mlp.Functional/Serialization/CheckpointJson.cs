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
/// The checkpoint format <c>mlp-checkpoint/2</c>: a <see cref="Checkpoint{T}"/> as JSON, so that
/// training resumed from a file continues bit for bit. The trainer's state (epoch, random state as
/// four hexadecimal words, early-stopping memory, optimizer moments leaf by leaf with round-trip
/// numbers); <c>run</c>, what identifies the run that made it (see <see cref="RunRecordJson"/>), or
/// <c>null</c>; <c>network</c>, the whole model document (<c>mlp/2</c>: the network with its
/// preprocessing, task, targets and classes), and <c>best</c>, the best network's (<c>null</c>: the
/// network itself). Both documents
/// are checked by the model loader. <c>mlp-checkpoint/1</c> (no <c>run</c>; the network's
/// document without preprocessing) still loads.
/// </summary>
public static class CheckpointJson
{
    /// <summary>The value of the <c>format</c> field of the files this writes.</summary>
    public const string Format = "mlp-checkpoint/2";

    /// <summary>The first format, which still loads: the trainer's state alone.</summary>
    public const string Format1 = "mlp-checkpoint/1";

    private static readonly string[] RootFields1 = ["format", "epoch", "rng", "bestEpoch", "bestLoss", "network", "best", "optimizer"];
    private static readonly string[] RootFields = ["format", "epoch", "rng", "bestEpoch", "bestLoss", "run", "network", "best", "optimizer"];

    /// <summary>A trainer's state as UTF-8 JSON, with no run record; <paramref name="loss"/> is stored with the networks.</summary>
    public static Fin<byte[]> Serialize<T>(TrainState<T> state, Loss loss) where T : IFloatingPointIeee754<T> =>
        Serialize(Checkpoint<T>.Of(state, loss));

    /// <summary>The checkpoint as UTF-8 JSON, or the JSON path of the first value that cannot be written.</summary>
    public static Fin<byte[]> Serialize<T>(Checkpoint<T> checkpoint) where T : IFloatingPointIeee754<T>
    {
        var state = checkpoint.State;
        var model = Document(checkpoint.Model, "$.network");
        if (model.IsFail) return (Error)model;
        // Training that improves writes the same network twice; once is enough.
        var sameBest = ReferenceEquals(state.Best, state.Network) || state.Best.Equals(state.Network);
        var best = sameBest ? Fin<byte[]>.Succ([]) : Document(new TrainedModel<T>(state.Best, checkpoint.Model.Loss, null, null, null), "$.best");
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
            w.WritePropertyName("run");
            RunRecordJson.Write(w, checkpoint.Run);
            w.WritePropertyName("network");
            w.WriteRawValue((byte[])model, skipInputValidation: true);
            w.WritePropertyName("best");
            if (sameBest) w.WriteNullValue(); else w.WriteRawValue((byte[])best, skipInputValidation: true);
            w.WritePropertyName("optimizer");
            OptStateJson.Write<T>(w, state.Optimizer);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // A model document as the model file has it. Not read back after writing, as a saved model
    // is: that would double the cost of every epoch's checkpoint, and the model file's round-trip
    // property already holds the writer to what the loader takes.
    private static Fin<byte[]> Document<T>(TrainedModel<T> model, string path) where T : IFloatingPointIeee754<T> =>
        ModelJsonWriter.Writable(model).BiMap(Succ: _ => ModelJsonWriter.Write(model), Fail: e => Under(path, e));

    /// <summary>
    /// Reads a checkpoint's trainer state and loss (a leading byte-order mark is allowed). The error
    /// names the first problem with its JSON path, e.g. <c>$.optimizer.inner[1].mu[0][3]: expected 16 values, got 15</c>.
    /// </summary>
    public static Fin<(TrainState<T> State, Loss Loss)> Parse<T>(ReadOnlyMemory<byte> utf8) where T : IFloatingPointIeee754<T> =>
        ParseCheckpoint<T>(utf8).Map(c => (c.State, c.Model.Loss));

    /// <summary>Reads a whole checkpoint (<c>mlp-checkpoint/1</c>: no run record, numbered inputs), as <see cref="Parse{T}"/>.</summary>
    public static Fin<Checkpoint<T>> ParseCheckpoint<T>(ReadOnlyMemory<byte> utf8) where T : IFloatingPointIeee754<T> =>
        JsonSyntax.Document(utf8, Format).Bind(Guarded<T>);

    // The reader with a guard against what it did not foresee (as ModelJson.Parse has).
    private static Fin<Checkpoint<T>> Guarded<T>(JsonValue root) where T : IFloatingPointIeee754<T>
    {
        try { return Read<T>(root); }
        catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException)
        {
            return Error.New($"$: the checkpoint could not be read ({e.GetType().Name}: {e.Message}); {ModelJson.Unexpected}");
        }
    }

    // Fields in the order they are written (the run last: its absence is decided outside the Fin);
    // the networks come before the optimizer state, whose leaves take their shapes.
    private static Fin<Checkpoint<T>> Read<T>(JsonValue root) where T : IFloatingPointIeee754<T> =>
        from first in FirstFormat(root)
        from f in Object(root, "$", first ? RootFields1 : RootFields)
        from epoch in Int(f, "$", "epoch", 0, int.MaxValue)
        from rng in RngOf(f)
        from bestEpoch in Int(f, "$", "bestEpoch", 0, epoch)
        from bestLoss in BestLoss(f)
        from run in first ? Fin<JsonValue>.Succ(default) : Field(f, "$", "run", "expected the run's record, or null")
        from network in Embedded<T>(f, "network")
        from best in first ? Embedded<T>(f, "best") : BestOf(f, network)
        from __ in SameArchitecture(network.Network, best.Network)
        from optimizer in Field(f, "$", "optimizer", "expected an optimizer state")
            .Bind(e => OptStateJson.Read(e, "$.optimizer", network.Network.Params))
        from checkpoint in WithRun(new Checkpoint<T>(
            new TrainState<T>(epoch, network.Network, optimizer, rng, best.Network, bestEpoch, bestLoss), network, null), run)
        select checkpoint;

    // Whether the document is the first format; any other format is an error.
    private static Fin<bool> FirstFormat(JsonValue root)
    {
        if (root.Kind != JsonTokenType.StartObject) return Error.New($"$: expected an object, got {Describe(root)}");
        var format = root.Properties().Where(p => p.Name == "format").Select(p => (JsonValue?)p.Value).FirstOrDefault();
        var expected = $"expected \"{Format}\" (or \"{Format1}\")";
        return format is not { } e ? Error.New($"$.format: missing; {expected} (is this an Mlp checkpoint?)")
            : e.TextEquals(Format1) ? true
            : e.TextEquals(Format) ? false
            : Error.New($"$.format: {expected}, got {Describe(e)}");
    }

    // A run record, unless the file has none (the first format, or null).
    private static Fin<Checkpoint<T>> WithRun<T>(Checkpoint<T> checkpoint, JsonValue run) where T : IFloatingPointIeee754<T> =>
        run.Kind is JsonTokenType.None or JsonTokenType.Null ? checkpoint
            : RunRecordJson.Read(run, "$.run").Map(r => checkpoint with { Run = r });

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

    // mlp-checkpoint/2 writes null when the best network is the network.
    private static Fin<TrainedModel<T>> BestOf<T>(Dictionary<string, JsonValue> f, TrainedModel<T> network)
        where T : IFloatingPointIeee754<T> =>
        Field(f, "$", "best", $"expected a model document (\"format\": \"{ModelJson.Format}\"), or null (the network itself)")
            .Bind(e => e.Kind == JsonTokenType.Null ? network : Embedded<T>(f, "best"));

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
