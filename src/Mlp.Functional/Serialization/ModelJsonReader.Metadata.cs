using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>What the model file holds besides the layers: loss, class and feature names, preprocessing.</summary>
internal static partial class ModelJsonReader
{
    private static readonly string[] ScalerFields = ["kind", "mean", "scale"];

    private static Fin<Loss> LossOf(Dictionary<string, JsonValue> f, Activation output)
    {
        var known = string.Join(", ", LossFunctions.All.Select(l => l.Name()));
        return Text(f, "$", "loss", $"one of {known}").Bind(name => LossFunctions.Parse(name) is { } loss
            ? Fits(loss, output)
            : Error.New($"$.loss: unknown loss {Quote(name)}; known: {known}"));
    }

    private static Fin<Loss> Fits(Loss loss, Activation output)
    {
        if (loss.Fits(output)) return loss;
        var fits = string.Join(" or ", Activations.All.Where(a => loss.Fits(a)).Select(a => a.Name()));
        return Error.New($"$.loss: {loss.Name()} does not fit the output layer's {output.Name()} activation; it needs {fits}");
    }

    // The optional fields of an mlp/1 file, each missing or null, or else read into the model.
    private static Fin<TrainedModel<T>> Metadata<T>(Dictionary<string, JsonValue> f, TrainedModel<T> bare)
        where T : IFloatingPointIeee754<T> =>
        // A Fin cannot hold null: each optional field refines the model read so far.
        from named in Optional(f, "classes", bare, e => Classes(e, bare.Network).Map(c => bare with { Classes = c }))
        from featured in Optional(f, "features", named, e => Names(e, "$.features", bare.Network.Inputs, "names (one per input)")
            .Map(n => named with { Inputs = Preprocessor.OfNumbers(bare.Network.Inputs, n, null) }))
        from model in Optional(f, "preprocessing", featured, e => Preprocessing(e, bare.Network.Inputs)
            .Map(s => featured with { Inputs = Preprocessor.OfNumbers(bare.Network.Inputs, featured.Features, s) }))
        select model;

    // A classifier names one class per output unit, or two classes for one sigmoid unit.
    private static Fin<ImmutableArray<string>> Classes<T>(JsonValue e, Network<T> network) where T : IFloatingPointIeee754<T>
    {
        if (network.Outputs >= 2) return Names(e, "$.classes", network.Outputs, "names (one per output unit)");
        if (network.OutputActivation == Activation.Sigmoid)
            return Names(e, "$.classes", 2, "names (two classes for one sigmoid output unit)");
        return Error.New($"$.classes: a single {network.OutputActivation.Name()} output unit cannot tell classes apart; "
            + "expected null (a regression model), or a sigmoid output with 2 classes");
    }

    // A list of distinct names: classes and features are looked up by name, so each must be unique.
    private static Fin<ImmutableArray<string>> Names(JsonValue e, string path, int count, string what)
    {
        var shape = ArrayOf(e, path, count, what);
        if (shape.IsFail) return (Error)shape;
        var seen = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var names = ImmutableArray.CreateBuilder<string>(count);
        foreach (var item in e.Elements())
        {
            var i = names.Count;
            var text = Text(item, $"{path}[{i}]", "a string");
            if (text.IsFail) return (Error)text;
            var name = (string)text;
            if (!seen.TryAdd(name, i)) return Error.New($"{path}[{i}]: {Quote(name)} appears twice (also at [{seen[name]}])");
            names.Add(name);
        }
        return names.MoveToImmutable();
    }

    private static Fin<Scaler> Preprocessing(JsonValue e, int inputs)
    {
        const string path = "$.preprocessing";
        const string what = "values (one per input)";
        return from p in Object(e, path, ScalerFields)
               from kind in ScalerKindOf(p, path)
               from mean in Numbers<double>(p, path, "mean", what, inputs).Bind(m => AllWithin(m, $"{path}.mean", isScale: false))
               // x/0, or x/1e-45, would turn every prediction into ±∞ or NaN
               from scale in Numbers<double>(p, path, "scale", what, inputs).Bind(s => AllWithin(s, $"{path}.scale", isScale: true))
               select new Scaler(kind, ImmutableCollectionsMarshal.AsImmutableArray(mean), ImmutableCollectionsMarshal.AsImmutableArray(scale));
    }

    private static Fin<double[]> AllWithin(double[] values, string path, bool isScale)
    {
        for (var i = 0; i < values.Length; i++)
            if (!InRange(values[i], isScale)) return (Error)Within(values[i], $"{path}[{i}]", isScale); // the path only when needed
        return values;
    }

    private static Fin<ScalerKind> ScalerKindOf(Dictionary<string, JsonValue> p, string path)
    {
        const string known = "standardize, minmax";
        return Text(p, path, "kind", $"one of {known}").Bind(name => name switch
        {
            "standardize" => Fin<ScalerKind>.Succ(ScalerKind.Standardize),
            "minmax" => Fin<ScalerKind>.Succ(ScalerKind.MinMax),
            _ => Error.New($"{path}.kind: unknown kind {Quote(name)}; known: {known}"),
        });
    }
}
