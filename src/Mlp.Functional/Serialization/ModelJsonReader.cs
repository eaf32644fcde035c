using System.Collections.Immutable;
using System.Numerics;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>
/// Turns a parsed <c>mlp/2</c> (or <c>mlp/1</c>) document into a <see cref="TrainedModel{T}"/>,
/// checking everything and returning the first problem found. The checks run in this order: the
/// root object and its property names, <c>format</c>, <c>inputs</c>, every layer's
/// <c>outputs</c> and the running parameter count (so no buffer is allocated for a network over
/// the limits), then each layer's <c>activation</c>, <c>weights</c> and <c>bias</c>, then
/// <c>loss</c>, then <c>classes</c>, <c>task</c>, <c>targets</c> and <c>columns</c> (mlp/1:
/// <c>classes</c>, <c>features</c> and <c>preprocessing</c>).
/// </summary>
internal static partial class ModelJsonReader
{
    private static readonly string[] RootFields1 = ["format", "inputs", "layers", "loss", "classes", "features", "preprocessing"];
    private static readonly string[] RootFields2 = ["format", "task", "targets", "classes", "columns", "inputs", "layers", "loss"];
    private static readonly string[] LayerFields = ["outputs", "activation", "weights", "bias"];

    /// <summary>A layer's checked fields and shape, known before any of its numbers are read.</summary>
    private sealed record Shape(Dictionary<string, JsonValue> Fields, string Path, int Inputs, int Outputs, bool First);

    /// <summary>The model in <paramref name="root"/>, or the first problem with its JSON path.</summary>
    public static Fin<TrainedModel<T>> Read<T>(JsonValue root) where T : IFloatingPointIeee754<T> =>
        from first in FirstFormat(root)
        from f in Object(root, "$", first ? RootFields1 : RootFields2)
        from inputs in Int(f, "$", "inputs", 1, ModelJson.MaxWidth)
        from shapes in Sizes(f, inputs)
        from network in Layers<T>(shapes)
        from loss in LossOf(f, network.OutputActivation)
        from model in first ? Metadata(f, new TrainedModel<T>(network, loss, null, null, null)) : Metadata2(f, network, loss)
        select model;

    // Whether the document is the first format; any other format is an error.
    private static Fin<bool> FirstFormat(JsonValue root)
    {
        if (root.Kind != JsonTokenType.StartObject) return Error.New($"$: expected an object, got {Describe(root)}");
        var format = root.Properties().Where(p => p.Name == "format").Select(p => (JsonValue?)p.Value).FirstOrDefault();
        var expected = $"expected \"{ModelJson.Format}\" (or \"{ModelJson.Format1}\")";
        return format is not { } e ? Error.New($"$.format: missing; {expected} (is this an Mlp model file?)")
            : e.TextEquals(ModelJson.Format1) ? true
            : e.TextEquals(ModelJson.Format) ? false
            : Error.New($"$.format: {expected}, got {Describe(e)}");
    }

    // Checks each layer's object and width, and the running parameter count, before any
    // weight buffer exists: a hostile file cannot make the loader allocate more than the limit.
    private static Fin<Shape[]> Sizes(Dictionary<string, JsonValue> f, int inputs)
    {
        var expected = $"expected an array of 1 to {ModelJson.MaxLayers} layers";
        return Field(f, "$", "layers", expected).Bind(e => e.Kind == JsonTokenType.StartArray
            ? Shapes(e, inputs)
            : Error.New($"$.layers: {expected}, got {Describe(e)}"));
    }

    private static Fin<Shape[]> Shapes(JsonValue layers, int inputs)
    {
        var n = layers.Count();
        if (n < 1 || n > ModelJson.MaxLayers) return Error.New($"$.layers: expected 1 to {ModelJson.MaxLayers} layers, got {n}");
        var shapes = new Shape[n];
        long total = 0;
        var (previous, l) = (inputs, 0);
        foreach (var item in layers.Elements())
        {
            var shape = ShapeOf(item, $"$.layers[{l}]", previous, first: l == 0);
            if (shape.IsFail) return (Error)shape;
            var s = shapes[l] = (Shape)shape;
            total += (long)s.Outputs * (previous + 1); // weights plus biases
            if (total > ModelJson.MaxParameters)
                return Error.New($"{s.Path}.outputs: {s.Outputs} units bring the network to {total} parameters "
                    + $"(weights and biases), above the limit of {ModelJson.MaxParameters}");
            (previous, l) = (s.Outputs, l + 1);
        }
        return shapes;
    }

    private static Fin<Shape> ShapeOf(JsonValue layer, string path, int inputs, bool first) =>
        from fields in Object(layer, path, LayerFields)
        from outputs in Int(fields, path, "outputs", 1, ModelJson.MaxWidth)
        select new Shape(fields, path, inputs, outputs, first);

    private static Fin<Network<T>> Layers<T>(Shape[] shapes) where T : IFloatingPointIeee754<T>
    {
        var layers = ImmutableArray.CreateBuilder<Dense<T>>(shapes.Length);
        foreach (var shape in shapes)
        {
            var layer = Layer<T>(shape);
            if (layer.IsFail) return (Error)layer;
            layers.Add((Dense<T>)layer);
        }
        return new Network<T>(layers.MoveToImmutable());
    }

    // Buffers are allocated here, within the limits that Sizes has checked.
    private static Fin<Dense<T>> Layer<T>(Shape s) where T : IFloatingPointIeee754<T>
    {
        var rowWhat = s.First ? "values (the inputs)" : "values (the previous layer's outputs)";
        return from activation in ActivationOf(s.Fields, s.Path)
               from weight in Rows<T>(s.Fields, s.Path, "weights", "rows (outputs)", s.Outputs, s.Inputs, rowWhat)
               from bias in Numbers<T>(s.Fields, s.Path, "bias", "values (outputs)", s.Outputs)
               select new Dense<T>(Matrix<T>.Own(weight, s.Outputs, s.Inputs), Matrix<T>.Own(bias, 1, s.Outputs), activation);
    }

    private static Fin<Activation> ActivationOf(Dictionary<string, JsonValue> f, string path)
    {
        var known = string.Join(", ", Activations.All.Select(a => a.Name()));
        return Text(f, path, "activation", $"one of {known}").Bind(name => Activations.Parse(name) is { } activation
            ? Fin<Activation>.Succ(activation)
            : Error.New($"{path}.activation: unknown activation {Quote(name)}; known: {known}"));
    }
}
