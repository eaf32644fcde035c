using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>
/// Optimizer states as JSON trees: <c>{"kind": "chain", "inner": [...]}</c>, <c>empty</c>,
/// <c>schedule</c> (count), <c>momentum</c> (buffer), <c>adam</c> (count, mu, nu), <c>rms</c> (nu).
/// A parameter set is a list of leaves, each a list of rows of round-trip numbers; on reading,
/// every leaf must have the shape of the network's matching parameter.
/// </summary>
internal static class OptStateJson
{
    private const string LeavesWhat = "leaves (one per parameter)";
    private static readonly string[] AllFields = ["kind", "inner", "count", "mu", "nu", "buffer"];
    // The fields each kind of state has, in the order Write writes them.
    private static readonly (string Kind, string[] Fields)[] Kinds =
    [
        ("chain", ["kind", "inner"]),
        ("empty", ["kind"]),
        ("schedule", ["kind", "count"]),
        ("momentum", ["kind", "buffer"]),
        ("adam", ["kind", "count", "mu", "nu"]),
        ("rms", ["kind", "nu"]),
    ];

    /// <summary>Writes <paramref name="state"/> as a JSON tree (see the class summary).</summary>
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

    /// <summary>
    /// Nothing when every number in <paramref name="state"/> can be written, else the path of the
    /// first that cannot: JSON has no NaN or infinity, and such a file could never be read back.
    /// </summary>
    public static Fin<Unit> Writable<T>(OptState state, string path) where T : IFloatingPointIeee754<T>
    {
        switch (state)
        {
            case ChainState c:
                for (var i = 0; i < c.Inner.Length; i++)
                    if (Writable<T>(c.Inner[i], $"{path}.inner[{i}]") is { IsFail: true } bad) return bad;
                return Unit.Default;
            case AdamState<T> a: return Finite(a.Mu, $"{path}.mu").Bind(_ => Finite(a.Nu, $"{path}.nu"));
            case MomentumState<T> m: return Finite(m.Buffer, $"{path}.buffer");
            case RmsState<T> r: return Finite(r.Nu, $"{path}.nu");
            default: return Unit.Default; // counts only
        }
    }

    private static Fin<Unit> Finite<T>(ParamSet<T> set, string path) where T : IFloatingPointIeee754<T>
    {
        for (var k = 0; k < set.Count; k++)
            for (var r = 0; r < set[k].Rows; r++)
            {
                var row = set[k].Row(r);
                for (var c = 0; c < row.Length; c++)
                    if (!T.IsFinite(row[c]))
                        return Error.New($"{path}[{k}][{r}][{c}]: cannot save {row[c].ToString(null, CultureInfo.InvariantCulture)}: "
                            + "a checkpoint holds finite numbers only (did training diverge?)");
            }
        return Unit.Default;
    }

    private static void Leaves<T>(Utf8JsonWriter w, string name, ParamSet<T> set) where T : IFloatingPointIeee754<T>
    {
        w.WriteStartArray(name);
        var row = new ArrayBufferWriter<byte>();
        foreach (var leaf in set.Leaves)
        {
            w.WriteStartArray();
            for (var i = 0; i < leaf.Rows; i++)
            {
                row.ResetWrittenCount();
                Row(row, leaf.Row(i));
                w.WriteRawValue(row.WrittenSpan, skipInputValidation: true);
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    // A row as one raw value, [0.1,-2E-45,3]: one call into the writer per row, not per number
    // (a fashion-size Adam state has half a million numbers, written every epoch).
    private static void Row<T>(ArrayBufferWriter<byte> into, ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        into.Write("["u8);
        for (var k = 0; k < values.Length; k++)
        {
            if (k > 0) into.Write(","u8);
            // "R": the shortest text that parses back to the same bits
            if (!values[k].TryFormat(into.GetSpan(64), out var n, "R", CultureInfo.InvariantCulture))
                throw new InvalidOperationException("a number needs more than 64 bytes of text");
            into.Advance(n);
        }
        into.Write("]"u8);
    }

    /// <summary>
    /// The optimizer state at <paramref name="path"/>, its every leaf of the shape of the matching
    /// parameter in <paramref name="like"/>; or the first problem with its JSON path.
    /// </summary>
    public static Fin<OptState> Read<T>(JsonValue e, string path, ParamSet<T> like) where T : IFloatingPointIeee754<T> =>
        from f in Object(e, path, AllFields)
        from kind in KindOf(f, path)
        from state in State(f, path, kind, like)
        select state;

    // The kind, and no field that belongs to another kind.
    private static Fin<string> KindOf(Dictionary<string, JsonValue> f, string path)
    {
        var known = string.Join(", ", Kinds.Select(k => k.Kind));
        return Text(f, path, "kind", $"one of {known}").Bind(kind =>
        {
            var fields = System.Array.Find(Kinds, k => k.Kind == kind).Fields;
            if (fields is null) return Error.New($"{path}.kind: unknown optimizer state {Quote(kind)}; known: {known}");
            var stray = f.Keys.FirstOrDefault(name => System.Array.IndexOf(fields, name) < 0);
            return stray is null
                ? Fin<string>.Succ(kind)
                : Error.New($"{Member(path, stray)}: unknown property for kind {Quote(kind)}; known: {string.Join(", ", fields)}");
        });
    }

    private static Fin<OptState> State<T>(Dictionary<string, JsonValue> f, string path, string kind, ParamSet<T> like)
        where T : IFloatingPointIeee754<T> => kind switch
        {
            "chain" => Field(f, path, "inner", "expected an array of optimizer states")
                .Bind(inner => Chain(inner, $"{path}.inner", like)),
            "empty" => EmptyState.Instance,
            "schedule" => Int(f, path, "count", 0, int.MaxValue).Map(count => (OptState)new ScheduleState(count)),
            "momentum" => Set(f, path, "buffer", like).Map(buffer => (OptState)new MomentumState<T>(buffer)),
            "rms" => Set(f, path, "nu", like).Map(nu => (OptState)new RmsState<T>(nu)),
            "adam" => from count in Int(f, path, "count", 0, int.MaxValue)
                      from mu in Set(f, path, "mu", like)
                      from nu in Set(f, path, "nu", like)
                      select (OptState)new AdamState<T>(count, mu, nu),
            _ => throw new UnreachableException($"kind \"{kind}\" passed KindOf but has no reader"),
        };

    private static Fin<OptState> Chain<T>(JsonValue e, string path, ParamSet<T> like) where T : IFloatingPointIeee754<T>
    {
        if (e.Kind != JsonTokenType.StartArray) return Error.New($"{path}: expected an array of optimizer states, got {Describe(e)}");
        var inner = ImmutableArray.CreateBuilder<OptState>();
        foreach (var part in e.Elements())
        {
            var state = Read(part, $"{path}[{inner.Count}]", like);
            if (state.IsFail) return state;
            inner.Add((OptState)state);
        }
        return new ChainState(inner.ToImmutable());
    }

    // A parameter set: one leaf per parameter, each a list of rows of numbers, parsed as T directly.
    private static Fin<ParamSet<T>> Set<T>(Dictionary<string, JsonValue> f, string path, string name, ParamSet<T> like)
        where T : IFloatingPointIeee754<T> =>
        Field(f, path, name, $"expected {like.Count} {LeavesWhat}").Bind(e => Leaves(e, Member(path, name), like));

    private static Fin<ParamSet<T>> Leaves<T>(JsonValue e, string path, ParamSet<T> like) where T : IFloatingPointIeee754<T>
    {
        var shape = ArrayOf(e, path, like.Count, LeavesWhat);
        if (shape.IsFail) return (Error)shape;
        var leaves = new Matrix<T>[like.Count];
        var k = 0;
        foreach (var leaf in e.Elements())
        {
            var (rows, cols) = (like[k].Rows, like[k].Cols);
            var data = Rows<T>(leaf, $"{path}[{k}]", "rows", rows, cols, "values");
            if (data.IsFail) return (Error)data;
            leaves[k++] = Matrix<T>.Own((T[])data, rows, cols);
        }
        return ParamSet<T>.Own(leaves);
    }
}
