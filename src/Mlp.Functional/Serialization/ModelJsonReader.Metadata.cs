using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>What the model file holds besides the layers: loss, class and feature names, preprocessing.</summary>
internal static partial class ModelJsonReader
{
    private static readonly string[] ScalerFields = ["kind", "mean", "scale"];

    private static string? LossOf(Dictionary<string, JsonValue> f, Activation output, out Loss loss)
    {
        loss = default;
        var known = string.Join(", ", LossFunctions.All.Select(l => l.Name()));
        if (Text(f, "$", "loss", $"one of {known}", out var name) is { } badName) return badName;
        if (LossFunctions.Parse(name) is not { } parsed) return $"$.loss: unknown loss {Quote(name)}; known: {known}";
        loss = parsed;
        if (loss.Fits(output)) return null;
        var fits = string.Join(" or ", Activations.All.Where(a => parsed.Fits(a)).Select(a => a.Name()));
        return $"$.loss: {loss.Name()} does not fit the output layer's {output.Name()} activation; it needs {fits}";
    }

    // A classifier names one class per output unit, or two classes for one sigmoid unit.
    private static string? Classes<T>(Dictionary<string, JsonValue> f, Network<T> network, out ImmutableArray<string>? classes)
        where T : IFloatingPointIeee754<T>
    {
        classes = null;
        if (!f.TryGetValue("classes", out var e) || e.Kind == JsonTokenType.Null) return null;
        if (network.Outputs >= 2) return Names(f, "classes", network.Outputs, "names (one per output unit)", out classes);
        if (network.OutputActivation == Activation.Sigmoid)
            return Names(f, "classes", 2, "names (two classes for one sigmoid output unit)", out classes);
        return $"$.classes: a single {network.OutputActivation.Name()} output unit cannot tell classes apart; "
            + "expected null (a regression model), or a sigmoid output with 2 classes";
    }

    // Optional list of distinct names: classes and features are looked up by name, so each must be unique.
    private static string? Names(Dictionary<string, JsonValue> f, string field, int count, string what,
        out ImmutableArray<string>? names)
    {
        names = null;
        if (!f.TryGetValue(field, out var e) || e.Kind == JsonTokenType.Null) return null;
        var path = $"$.{field}";
        if (ArrayOf(e, path, count, what) is { } badCount) return badCount;
        var seen = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var builder = ImmutableArray.CreateBuilder<string>(count);
        foreach (var item in e.Elements())
        {
            var i = builder.Count;
            if (Text(item, $"{path}[{i}]", "a string", out var name) is { } notText) return notText;
            if (!seen.TryAdd(name, i)) return $"{path}[{i}]: {Quote(name)} appears twice (also at [{seen[name]}])";
            builder.Add(name);
        }
        names = builder.MoveToImmutable();
        return null;
    }

    private static string? Preprocessing(Dictionary<string, JsonValue> f, int inputs, out Scaler? scaler)
    {
        scaler = null;
        const string path = "$.preprocessing";
        if (!f.TryGetValue("preprocessing", out var e) || e.Kind == JsonTokenType.Null) return null;
        if (Object(e, path, ScalerFields, out var p) is { } notObject) return notObject;
        const string known = "standardize, minmax";
        if (Text(p, path, "kind", $"one of {known}", out var name) is { } badName) return badName;
        ScalerKind? kind = name switch
        {
            "standardize" => ScalerKind.Standardize,
            "minmax" => ScalerKind.MinMax,
            _ => null,
        };
        if (kind is null) return $"{path}.kind: unknown kind {Quote(name)}; known: {known}";

        var (mean, scale) = (new double[inputs], new double[inputs]);
        if (!p.TryGetValue("mean", out var m)) return $"{path}.mean: missing; expected {inputs} values (one per input)";
        if (Numbers(m, $"{path}.mean", "values (one per input)", mean.AsSpan()) is { } badMean) return badMean;
        if (!p.TryGetValue("scale", out var s)) return $"{path}.scale: missing; expected {inputs} values (one per input)";
        // x/0 would turn every prediction into ±∞ or NaN
        if (Numbers(s, $"{path}.scale", "values (one per input)", scale.AsSpan(), nonZero: true) is { } badScale)
            return badScale;
        scaler = new Scaler(kind.Value, ImmutableCollectionsMarshal.AsImmutableArray(mean),
            ImmutableCollectionsMarshal.AsImmutableArray(scale));
        return null;
    }
}
