using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Serialization;

/// <summary>
/// Optimizer states as JSON trees: <c>{"kind": "chain", "inner": [...]}</c>, <c>empty</c>,
/// <c>schedule</c> (count), <c>momentum</c> (buffer), <c>adam</c> (count, mu, nu), <c>rms</c> (nu).
/// A parameter set is a list of leaves, each a list of rows of round-trip numbers; on reading,
/// every leaf must have the shape of the network's matching parameter.
/// </summary>
internal static class OptStateJson
{
    public static void Write<T>(Utf8JsonWriter w, OptState state) where T : IFloatingPointIeee754<T>
    {
        w.WriteStartObject();
        switch (state)
        {
            case ChainState c:
                w.WriteString("kind", "chain");
                w.WriteStartArray("inner");
                foreach (var s in c.Inner) Write<T>(w, s);
                w.WriteEndArray();
                break;
            case EmptyState: w.WriteString("kind", "empty"); break;
            case ScheduleState s: w.WriteString("kind", "schedule"); w.WriteNumber("count", s.Count); break;
            case AdamState<T> a:
                w.WriteString("kind", "adam"); w.WriteNumber("count", a.Count);
                Leaves(w, "mu", a.Mu); Leaves(w, "nu", a.Nu);
                break;
            case MomentumState<T> m: w.WriteString("kind", "momentum"); Leaves(w, "buffer", m.Buffer); break;
            case RmsState<T> r: w.WriteString("kind", "rms"); Leaves(w, "nu", r.Nu); break;
            default: throw new ArgumentException($"no checkpoint form for optimizer state {state.GetType().Name}");
        }
        w.WriteEndObject();
    }

    private static void Leaves<T>(Utf8JsonWriter w, string name, ParamSet<T> set) where T : IFloatingPointIeee754<T>
    {
        w.WriteStartArray(name);
        foreach (var leaf in set.Leaves)
        {
            w.WriteStartArray();
            for (var i = 0; i < leaf.Rows; i++)
            {
                w.WriteStartArray();
                foreach (var v in leaf.Row(i)) w.WriteRawValue(v.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    public static Fin<OptState> Read<T>(JsonElement e, string path, ParamSet<T> like) where T : IFloatingPointIeee754<T>
    {
        var kind = e.GetProperty("kind").GetString();
        switch (kind)
        {
            case "chain":
                var inner = ImmutableArray.CreateBuilder<OptState>();
                var i = 0;
                foreach (var part in e.GetProperty("inner").EnumerateArray())
                {
                    var s = Read(part, $"{path}.inner[{i++}]", like);
                    if (s.IsFail) return s;
                    inner.Add((OptState)s);
                }
                return new ChainState(inner.ToImmutable());
            case "empty": return EmptyState.Instance;
            case "schedule": return new ScheduleState(e.GetProperty("count").GetInt32());
            case "momentum":
                return Set(e, "buffer", path, like).Map(b => (OptState)new MomentumState<T>(b));
            case "rms":
                return Set(e, "nu", path, like).Map(nu => (OptState)new RmsState<T>(nu));
            case "adam":
                var mu = Set(e, "mu", path, like);
                if (mu.IsFail) return (Error)mu;
                var nuSet = Set(e, "nu", path, like);
                if (nuSet.IsFail) return (Error)nuSet;
                return new AdamState<T>(e.GetProperty("count").GetInt32(), (ParamSet<T>)mu, (ParamSet<T>)nuSet);
            default:
                return Error.New($"{path}.kind: unknown optimizer state \"{kind}\"; known: chain, empty, schedule, momentum, adam, rms");
        }
    }

    private static Fin<ParamSet<T>> Set<T>(JsonElement e, string name, string path, ParamSet<T> like) where T : IFloatingPointIeee754<T>
    {
        var leaves = e.GetProperty(name);
        if (leaves.GetArrayLength() != like.Count) return Error.New($"{path}.{name}: expected {like.Count} leaves");
        var result = new Matrix<T>[like.Count];
        var k = 0;
        foreach (var leaf in leaves.EnumerateArray())
        {
            var (rows, cols) = (like[k].Rows, like[k].Cols);
            if (leaf.GetArrayLength() != rows) return Error.New($"{path}.{name}[{k}]: expected {rows} rows");
            var data = new T[rows * cols];
            var r = 0;
            foreach (var row in leaf.EnumerateArray())
            {
                if (row.GetArrayLength() != cols) return Error.New($"{path}.{name}[{k}][{r}]: expected {cols} values");
                var c = 0;
                foreach (var v in row.EnumerateArray())
                    data[r * cols + c++] = T.Parse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                r++;
            }
            result[k] = Matrix<T>.Create(rows, cols, data);
            k++;
        }
        return new ParamSet<T>(ImmutableArray.Create(result));
    }
}
