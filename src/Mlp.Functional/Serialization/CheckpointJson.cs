using System.Buffers;
using System.Collections.Immutable;
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

    /// <summary>The state as UTF-8 JSON; <paramref name="loss"/> is stored with the networks.</summary>
    public static Fin<byte[]> Serialize<T>(TrainState<T> state, Loss loss) where T : IFloatingPointIeee754<T>
    {
        var model = ModelJson.Serialize(new TrainedModel<T>(state.Network, loss, null, null, null));
        if (model.IsFail) return (Error)model;
        var best = ModelJson.Serialize(new TrainedModel<T>(state.Best, loss, null, null, null));
        if (best.IsFail) return (Error)best;
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

    /// <summary>Reads a checkpoint; errors name the JSON path of the first problem.</summary>
    public static Fin<(TrainState<T> State, Loss Loss)> Parse<T>(ReadOnlyMemory<byte> utf8) where T : IFloatingPointIeee754<T>
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Error.New("$: expected a JSON object");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                return Error.New($"$.format: expected \"{Format}\"");
            var network = Embedded<T>(root, "network");
            if (network.IsFail) return (Error)network;
            var best = Embedded<T>(root, "best");
            if (best.IsFail) return (Error)best;
            var (net, loss) = ((Network<T>, Loss))network;
            var (bestNet, _) = ((Network<T>, Loss))best;
            if (!SameShape(net, bestNet)) return Error.New("$.best: expected the network's architecture");
            var rng = root.GetProperty("rng");
            if (rng.ValueKind != JsonValueKind.Array || rng.GetArrayLength() != 4)
                return Error.New("$.rng: expected four hexadecimal words");
            var words = rng.EnumerateArray().Select(e => ulong.Parse(e.GetString() ?? "", NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            var epoch = root.GetProperty("epoch").GetInt32();
            var bestEpoch = root.GetProperty("bestEpoch").GetInt32();
            var bestLossElement = root.GetProperty("bestLoss");
            var bestLoss = bestLossElement.ValueKind == JsonValueKind.Null ? double.PositiveInfinity : bestLossElement.GetDouble();
            if (epoch < 0 || bestEpoch < 0 || bestEpoch > epoch) return Error.New("$.epoch: expected 0 ≤ bestEpoch ≤ epoch");
            var opt = OptStateJson.Read(root.GetProperty("optimizer"), "$.optimizer", net.Params);
            if (opt.IsFail) return (Error)opt;
            return (new TrainState<T>(epoch, net, (OptState)opt, new Rng(words[0], words[1], words[2], words[3]),
                bestNet, bestEpoch, bestLoss), loss);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException
            or OverflowException or KeyNotFoundException or ArgumentException)
        {
            return Error.New($"$: not a valid checkpoint ({e.Message})");
        }
    }

    private static Fin<(Network<T>, Loss)> Embedded<T>(JsonElement root, string name) where T : IFloatingPointIeee754<T>
    {
        if (!root.TryGetProperty(name, out var element)) return Error.New($"$.{name}: missing");
        return ModelJson.ParseText<T>(element.GetRawText()).Match<Fin<(Network<T>, Loss)>>(
            Succ: m => (m.Network, m.Loss),
            Fail: e => Error.New($"$.{name}{e.Message.TrimStart('$')}"));
    }

    private static bool SameShape<T>(Network<T> a, Network<T> b) where T : IFloatingPointIeee754<T> =>
        a.Sizes.SequenceEqual(b.Sizes) && a.Layers.Select(l => l.Activation).SequenceEqual(b.Layers.Select(l => l.Activation));
}
