using System.Collections.Immutable;
using System.Numerics;
using System.Text.Json;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>
/// Turns a parsed <c>mlp/1</c> document into a <see cref="TrainedModel{T}"/>, checking
/// everything and returning the first problem found. The checks run in this order: the root
/// object and its property names, <c>format</c>, <c>inputs</c>, every layer's <c>outputs</c>
/// and the running parameter count (so no buffer is allocated for a network over the limits),
/// then each layer's <c>activation</c>, <c>weights</c> and <c>bias</c>, then <c>loss</c>,
/// <c>classes</c>, <c>features</c> and <c>preprocessing</c>.
/// </summary>
internal static partial class ModelJsonReader
{
    private static readonly string[] RootFields = ["format", "inputs", "layers", "loss", "classes", "features", "preprocessing"];
    private static readonly string[] LayerFields = ["outputs", "activation", "weights", "bias"];

    /// <summary>The model in <paramref name="root"/>, or the first problem with its JSON path.</summary>
    public static string? Read<T>(JsonValue root, out TrainedModel<T>? model) where T : IFloatingPointIeee754<T>
    {
        model = null;
        if (Object(root, "$", RootFields, out var f) is { } notObject) return notObject;
        if (Format(f) is { } badFormat) return badFormat;
        if (Int(f, "$", "inputs", 1, ModelJson.MaxWidth, out var inputs) is { } badInputs) return badInputs;
        if (Sizes(f, inputs, out var layerFields, out var outputs) is { } badSizes) return badSizes;

        var layers = ImmutableArray.CreateBuilder<Dense<T>>(outputs.Length);
        for (var l = 0; l < outputs.Length; l++)
        {
            var fanIn = l == 0 ? inputs : outputs[l - 1];
            if (Layer(layerFields[l], $"$.layers[{l}]", fanIn, l == 0, outputs[l], out Dense<T>? layer) is { } badLayer)
                return badLayer;
            layers.Add(layer!);
        }
        var network = new Network<T>(layers.MoveToImmutable());

        if (LossOf(f, network.OutputActivation, out var loss) is { } badLoss) return badLoss;
        if (Classes(f, network, out var classes) is { } badClasses) return badClasses;
        if (Names(f, "features", inputs, "names (one per input)", out var features) is { } badFeatures) return badFeatures;
        if (Preprocessing(f, inputs, out var scaler) is { } badScaler) return badScaler;
        model = new TrainedModel<T>(network, loss, classes, features, scaler);
        return null;
    }

    private static string? Format(Dictionary<string, JsonValue> f)
    {
        const string expected = $"expected \"{ModelJson.Format}\"";
        if (!f.TryGetValue("format", out var e)) return $"$.format: missing; {expected} (is this an Mlp model file?)";
        return e.TextEquals(ModelJson.Format)
            ? null
            : $"$.format: {expected}, got {Describe(e)}";
    }

    // Checks each layer's object and width, and the running parameter count, before any
    // weight buffer exists: a hostile file cannot make the loader allocate more than the limit.
    private static string? Sizes(Dictionary<string, JsonValue> f, int inputs,
        out Dictionary<string, JsonValue>[] layers, out int[] outputs)
    {
        (layers, outputs) = ([], []);
        var expected = $"expected an array of 1 to {ModelJson.MaxLayers} layers";
        if (!f.TryGetValue("layers", out var e)) return $"$.layers: missing; {expected}";
        if (e.Kind != JsonTokenType.StartArray) return $"$.layers: {expected}, got {Describe(e)}";
        var n = e.Count();
        if (n < 1 || n > ModelJson.MaxLayers) return $"$.layers: expected 1 to {ModelJson.MaxLayers} layers, got {n}";

        (layers, outputs) = (new Dictionary<string, JsonValue>[n], new int[n]);
        long total = 0;
        var (previous, l) = (inputs, 0);
        foreach (var item in e.Elements())
        {
            var path = $"$.layers[{l}]";
            if (Object(item, path, LayerFields, out layers[l]) is { } notObject) return notObject;
            if (Int(layers[l], path, "outputs", 1, ModelJson.MaxWidth, out outputs[l]) is { } badWidth) return badWidth;
            total += (long)outputs[l] * (previous + 1); // weights plus biases
            if (total > ModelJson.MaxParameters)
                return $"{path}.outputs: {outputs[l]} units bring the network to {total} parameters "
                    + $"(weights and biases), above the limit of {ModelJson.MaxParameters}";
            (previous, l) = (outputs[l], l + 1);
        }
        return null;
    }

    private static string? Layer<T>(Dictionary<string, JsonValue> f, string path, int inputs, bool first, int outputs,
        out Dense<T>? layer) where T : IFloatingPointIeee754<T>
    {
        layer = null;
        var known = string.Join(", ", Activations.All.Select(a => a.Name()));
        if (Text(f, path, "activation", $"one of {known}", out var name) is { } badName) return badName;
        if (Activations.Parse(name) is not { } activation)
            return $"{path}.activation: unknown activation {Quote(name)}; known: {known}";

        var rowWhat = first ? "values (the inputs)" : "values (the previous layer's outputs)";
        if (!f.TryGetValue("weights", out var w))
            return $"{path}.weights: missing; expected {outputs} rows (outputs) of {inputs} {rowWhat}";
        var weight = new T[outputs * inputs]; // ≤ MaxParameters, checked by Sizes
        if (Rows(w, $"{path}.weights", "rows (outputs)", inputs, rowWhat, weight.AsSpan()) is { } badWeights) return badWeights;

        if (!f.TryGetValue("bias", out var b)) return $"{path}.bias: missing; expected {outputs} values (outputs)";
        var bias = new T[outputs];
        if (Numbers(b, $"{path}.bias", "values (outputs)", bias.AsSpan()) is { } badBias) return badBias;
        layer = new Dense<T>(Matrix<T>.Own(weight, outputs, inputs), Matrix<T>.Own(bias, 1, outputs), activation);
        return null;
    }
}
