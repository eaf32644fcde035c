using System.Numerics;
using System.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Model;
using Mlp.Pipeline;

namespace Mlp.Serialization;

/// <summary>
/// The model file format <c>mlp/2</c> (DESIGN.md, "Model file"; <c>mlp/1</c> still loads): a <see cref="TrainedModel{T}"/>
/// to and from UTF-8 JSON text, with no file I/O. Every number is written as the shortest text
/// that parses back to the identical <typeparamref name="T"/> and is read by parsing it as
/// <typeparamref name="T"/> directly, so <c>Parse(Serialize(m)) == m</c> bit for bit (a file
/// written from a float model and read as double holds the float's decimal text, not its exact value).
/// JSON has no NaN or infinity: a model holding one cannot be saved, and no file can load one.
/// Errors are values: nothing here throws.
/// </summary>
public static class ModelJson
{
    /// <summary>The value of the <c>format</c> field of the files this writes.</summary>
    public const string Format = "mlp/2";

    /// <summary>The first format, which still loads: numeric inputs, one preprocessing block, no task or targets.</summary>
    public const string Format1 = "mlp/1";
    /// <summary>Most layers a model file may hold (<see cref="ModelLimits.MaxLayers"/>: training builds no larger network).</summary>
    public const int MaxLayers = ModelLimits.MaxLayers;
    /// <summary>Most inputs, or output units of one layer: <c>2²⁰</c> (<see cref="ModelLimits.MaxWidth"/>).</summary>
    public const int MaxWidth = ModelLimits.MaxWidth;
    /// <summary>Most weights and biases over all layers: <c>10⁸</c>, 400 MB as float, 800 MB as double (<see cref="ModelLimits.MaxParameters"/>).</summary>
    public const long MaxParameters = ModelLimits.MaxParameters;

    /// <summary>
    /// Smallest preprocessing scale a model file may hold: <c>(x − mean) / scale</c> with a smaller
    /// one overflows a float for ordinary inputs (a scale of 1e-45 turns every prediction into NaN).
    /// A scale fitted by Mlp is a standard deviation or a range, 1 for a constant column.
    /// </summary>
    public const double MinScale = 1e-30;

    /// <summary>Largest preprocessing mean, scale or filling value, in magnitude: the largest float, as the data they come from.</summary>
    public const double MaxMagnitude = float.MaxValue;

    /// <summary>Ends the message of a failure the loader did not foresee.</summary>
    internal const string Unexpected = "this is a bug in Mlp's loader";

    /// <summary>
    /// The model as indented UTF-8 JSON, or an error with the JSON path of the first value that
    /// cannot be written (a NaN or infinite weight, for example) or that loading would reject
    /// (class or feature names that do not fit the network, say): a saved file always loads.
    /// </summary>
    public static Fin<byte[]> Serialize<T>(TrainedModel<T> model) where T : IFloatingPointIeee754<T>
    {
        if (ModelJsonWriter.Writable(model) is { IsFail: true } unwritable) return (Error)unwritable;
        var bytes = ModelJsonWriter.Write(model);
        // The loader is the one definition of a valid model: check the text against it.
        return Parse<T>(bytes).Match<Fin<byte[]>>(
            Succ: _ => bytes,
            Fail: e => Error.New($"cannot save an invalid model: {e.Message}"));
    }

    /// <summary>The model as indented JSON text (see <see cref="Serialize{T}"/>).</summary>
    public static Fin<string> SerializeText<T>(TrainedModel<T> model) where T : IFloatingPointIeee754<T> =>
        Serialize(model).Map(bytes => Encoding.UTF8.GetString(bytes));

    /// <summary>
    /// Reads and checks a model from UTF-8 JSON (a leading byte-order mark is allowed). The error
    /// names the first problem with its JSON path, e.g.
    /// <c>$.layers[1].weights[0]: expected 16 values (the previous layer's outputs), got 8</c>.
    /// </summary>
    public static Fin<TrainedModel<T>> Parse<T>(ReadOnlyMemory<byte> utf8) where T : IFloatingPointIeee754<T> =>
        JsonSyntax.Document(utf8, Format).Bind(Read<T>);

    // The reader with a guard against what it did not foresee.
    private static Fin<TrainedModel<T>> Read<T>(JsonValue root) where T : IFloatingPointIeee754<T>
    {
        try { return ModelJsonReader.Read<T>(root); }
        catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException)
        {
            // Not expected (every read is checked); a caller still gets an error, not a crash. The
            // property tests fail on this message, so a hole found here gets fixed, not hidden.
            return Error.New($"$: the model file could not be read ({e.GetType().Name}: {e.Message}); {Unexpected}");
        }
    }

    /// <summary>Reads and checks a model from JSON text (see <see cref="Parse{T}(ReadOnlyMemory{byte})"/>).</summary>
    public static Fin<TrainedModel<T>> ParseText<T>(string json) where T : IFloatingPointIeee754<T> =>
        Parse<T>(Encoding.UTF8.GetBytes(json));
}
