using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using static LanguageExt.Prelude;

namespace Mlp.Serialization;

/// <summary>
/// Writes a <see cref="TrainedModel{T}"/> as indented <c>mlp/1</c> JSON. Each weight row, bias,
/// name list and preprocessing vector is one line, so a person can read the file and diff it.
/// Numbers are written as the shortest text that parses back to the same <typeparamref name="T"/>.
/// </summary>
internal static class ModelJsonWriter
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // names stay readable: é, not \u00E9
    };

    /// <summary>
    /// Whether JSON can hold the model: the first value it cannot, with its path (a NaN or
    /// infinite number, or a name with half a surrogate pair, which is not Unicode text and so
    /// not UTF-8 either).
    /// </summary>
    public static Fin<Unit> Writable<T>(TrainedModel<T> model) where T : IFloatingPointIeee754<T> =>
        from classes in Names("classes", model.Classes)
        from targets in Names("targets", model.Targets)
        from columns in Finite(model.Inputs)
        from layers in Finite(model.Network)
        select unit;

    private static Fin<Unit> Finite<T>(Network<T> network) where T : IFloatingPointIeee754<T>
    {
        var layers = network.Layers;
        for (var l = 0; l < layers.Length; l++)
        {
            var (w, b) = (layers[l].Weight, layers[l].Bias);
            for (var k = 0; k < w.Length; k++)
                if (!T.IsFinite(w.Span[k]))
                    return Cannot($"$.layers[{l}].weights[{k / w.Cols}][{k % w.Cols}]", w.Span[k]);
            for (var k = 0; k < b.Length; k++)
                if (!T.IsFinite(b.Span[k])) return Cannot($"$.layers[{l}].bias[{k}]", b.Span[k]);
        }
        return unit;
    }

    // Every column's numbers finite, its names Unicode text.
    private static Fin<Unit> Finite(Preprocessor inputs)
    {
        for (var j = 0; j < inputs.Columns.Length; j++)
        {
            var path = $"$.columns[{j}]";
            var column = inputs.Columns[j];
            if (!IsUnicode(column.Name)) return Error.New($"{path}.name: cannot save a name that is not valid Unicode text");
            switch (column)
            {
                case ColumnEncoder.Numeric n:
                    if (n.Impute is { } fill && !double.IsFinite(fill)) return Cannot($"{path}.impute", fill);
                    if (!double.IsFinite(n.Mean)) return Cannot($"{path}.mean", n.Mean);
                    if (!double.IsFinite(n.Scale) || n.Scale == 0) return Cannot($"{path}.scale", n.Scale);
                    break;
                case ColumnEncoder.Categorical c:
                    if (Names($"columns[{j}].categories", c.Categories) is { IsFail: true } bad) return bad;
                    break;
            }
        }
        return unit;
    }

    private static Fin<Unit> Names(string field, ImmutableArray<string>? names)
    {
        if (names is not { IsDefault: false } list) return unit;
        for (var i = 0; i < list.Length; i++)
            if (list[i] is { } name && !IsUnicode(name))
                return Error.New($"$.{field}[{i}]: cannot save a name that is not valid Unicode text (it holds half a surrogate pair)");
        return unit;
    }

    // Every surrogate is half of a pair, in order.
    private static bool IsUnicode(string s)
    {
        for (var i = 0; i < s.Length; i++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        return true;
    }

    private static Error Cannot<TNum>(string path, TNum value) where TNum : IFormattable => Error.New(
        $"{path}: cannot save {value.ToString(null, CultureInfo.InvariantCulture)}: "
        + "a model file holds finite numbers only (did training diverge?)");

    /// <summary>
    /// The model as UTF-8 JSON, for a model that <see cref="Writable{T}"/> passes.
    /// </summary>
    public static byte[] Write<T>(TrainedModel<T> model) where T : IFloatingPointIeee754<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Indented))
        {
            var network = model.Network;
            w.WriteStartObject();
            w.WriteString("format", ModelJson.Format);
            w.WriteString("task", model.Task == TaskKind.Classification ? "classification" : "regression");
            Names(w, "targets", model.Targets);
            Names(w, "classes", model.Classes);
            w.WritePropertyName("columns");
            w.WriteRawValue(Columns(model.Inputs), skipInputValidation: true);
            w.WriteNumber("inputs", network.Inputs);
            w.WriteStartArray("layers");
            foreach (var layer in network.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("outputs", layer.Out);
                w.WriteString("activation", layer.Activation.Name());
                w.WritePropertyName("weights");
                w.WriteRawValue(Rows(layer.Weight), skipInputValidation: true);
                w.WritePropertyName("bias");
                w.WriteRawValue(Row(layer.Bias.Span), skipInputValidation: true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("loss", model.Loss.Name());
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    // Utf8JsonWriter puts every number of an indented array on its own line; a weight matrix
    // reads better as one line per row, indented to sit inside its layer object.
    private static byte[] Rows<T>(Matrix<T> weight) where T : IFloatingPointIeee754<T>
    {
        var block = new ArrayBufferWriter<byte>();
        block.Write("[\n"u8);
        for (var i = 0; i < weight.Rows; i++)
        {
            if (i > 0) block.Write(",\n"u8);
            block.Write("        "u8);
            block.Write(Row(weight.Row(i)));
        }
        block.Write("\n      ]"u8);
        return block.WrittenSpan.ToArray();
    }

    // One array on one line: [0.1, -2E-45, 3].
    private static byte[] Row<TNum>(ReadOnlySpan<TNum> values) where TNum : IFloatingPointIeee754<TNum>
    {
        var row = new ArrayBufferWriter<byte>(2 + values.Length * 12);
        row.Write("["u8);
        Span<byte> text = stackalloc byte[64];
        for (var k = 0; k < values.Length; k++)
        {
            if (k > 0) row.Write(", "u8);
            // "R" is the shortest text that parses back to the same bits (for float: as a float)
            if (!values[k].TryFormat(text, out var n, "R", CultureInfo.InvariantCulture))
                throw new InvalidOperationException("a number needs more than 64 bytes of text");
            row.Write(text[..n]);
        }
        row.Write("]"u8);
        return row.WrittenSpan.ToArray();
    }

    // One column a line, as the weight rows are written.
    private static byte[] Columns(Preprocessor inputs) => Encoding.UTF8.GetBytes(
        "[\n" + string.Join(",\n", inputs.Columns.Select(c => "    " + Column(c, inputs.Named))) + "\n  ]");

    // {"name": "colour", "kind": "categorical", "categories": ["blue", "red"], "impute": "red"}
    private static string Column(ColumnEncoder column, bool named)
    {
        var name = named ? Text(column.Name) : "null";
        var fields = column switch
        {
            ColumnEncoder.Numeric n => $"\"kind\": \"numeric\", \"impute\": {(n.Impute is { } v ? Number(v) : "null")}, " +
                $"\"mean\": {Number(n.Mean)}, \"scale\": {Number(n.Scale)}",
            ColumnEncoder.Categorical c => $"\"kind\": \"categorical\", \"categories\": [{string.Join(", ", c.Categories.Select(Text))}], " +
                $"\"impute\": {(c.Impute is { } i ? Text(i) : "null")}",
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        return $"{{\"name\": {name}, {fields}}}";
    }

    private static string Text(string s) => $"\"{JsonEncodedText.Encode(s, Indented.Encoder)}\"";

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Names(Utf8JsonWriter w, string field, ImmutableArray<string>? names)
    {
        w.WritePropertyName(field);
        if (names is not { IsDefault: false } list) { w.WriteNullValue(); return; } // default = absent
        // JsonEncodedText escapes quotes and control characters
        var items = list.Select(n => n is null ? "null" : $"\"{JsonEncodedText.Encode(n, Indented.Encoder)}\"");
        var row = Encoding.UTF8.GetBytes($"[{string.Join(", ", items)}]");
        w.WriteRawValue(row, skipInputValidation: true);
    }
}
