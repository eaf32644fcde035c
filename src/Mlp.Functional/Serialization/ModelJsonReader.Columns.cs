using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>What an <c>mlp/2</c> file holds besides the layers and loss: the task, the targets, the classes and the input columns.</summary>
internal static partial class ModelJsonReader
{
    private static readonly string[] NumericFields = ["name", "kind", "impute", "mean", "scale"];
    private static readonly string[] CategoricalFields = ["name", "kind", "impute", "categories"];

    // A Fin cannot hold null: each optional field refines the model read so far.
    private static Fin<TrainedModel<T>> Metadata2<T>(Dictionary<string, JsonValue> f, Network<T> network, Loss loss)
        where T : IFloatingPointIeee754<T> =>
        from bare in Fin<TrainedModel<T>>.Succ(new TrainedModel<T>(network, loss, null, null, null))
        from named in Optional(f, "classes", bare, e => Classes(e, network).Map(c => bare with { Classes = c }))
        from task in TaskOf(f, named.Classes, loss)
        from targeted in Optional(f, "targets", named, e => Names(e, "$.targets", task == TaskKind.Classification ? 1 : network.Outputs,
            task == TaskKind.Classification ? "name (the class column)" : "names (one per output)").Map(n => named with { Targets = n }))
        from columnsField in Field(f, "$", "columns", $"expected an array of input columns, {network.Inputs} inputs in all")
        from columns in Columns(columnsField, network.Inputs)
        select targeted with { Inputs = columns };

    // The task, which must agree with the classes and the loss.
    private static Fin<TaskKind> TaskOf(Dictionary<string, JsonValue> f, ImmutableArray<string>? classes, Loss loss) =>
        Text(f, "$", "task", "\"classification\" or \"regression\"").Bind(name => name switch
        {
            // A classifier saved without class names is known by its loss; one trained with mse must name them.
            "classification" when classes is null && loss is Loss.Mse =>
                Error.New("$.classes: a classification model trained with mse names its classes; expected an array"),
            "classification" => Fin<TaskKind>.Succ(TaskKind.Classification),
            "regression" when classes is not null => Error.New("$.classes: a regression model has no classes; expected null"),
            "regression" when loss is not Loss.Mse => Error.New($"$.task: regression does not fit the loss {loss.Name()}; expected mse"),
            "regression" => Fin<TaskKind>.Succ(TaskKind.Regression),
            _ => Error.New($"$.task: expected \"classification\" or \"regression\", got {Quote(name)}"),
        });

    // One encoder per raw column, as wide in all as the network's input; names all present and
    // distinct, or all null (a model that names no columns).
    private static Fin<Preprocessor> Columns(JsonValue e, int inputs)
    {
        const string what = "input columns";
        if (e.Kind != JsonTokenType.StartArray) return Error.New($"$.columns: expected an array of {what}, got {Describe(e)}");
        var encoders = ImmutableArray.CreateBuilder<ColumnEncoder>();
        var (width, unnamed) = (0, 0);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in e.Elements())
        {
            var path = $"$.columns[{encoders.Count}]";
            var column = Column(item, path, inputs - width, $"c{encoders.Count}");
            if (column.IsFail) return (Error)column;
            var (encoder, named) = ((ColumnEncoder, bool))column;
            if (!named) unnamed++;
            else if (!seen.TryAdd(encoder.Name, encoders.Count))
                return Error.New($"{path}.name: {Quote(encoder.Name)} appears twice (also at [{seen[encoder.Name]}])");
            width += encoder.Width;
            encoders.Add(encoder);
        }
        if (width != inputs)
            return Error.New($"$.columns: the columns make {width} inputs; expected {inputs} (the network's inputs)");
        if (unnamed > 0 && unnamed < encoders.Count)
            return Error.New("$.columns: some columns have names and some do not; expected names for all or for none");
        return new Preprocessor(encoders.ToImmutable(), Named: unnamed == 0);
    }

    // One column: numeric (impute, mean, scale) or categorical (categories, impute); at most `room`
    // inputs wide; an unnamed column is called `unnamed` (c0, c1, …, as an mlp/1 model calls them).
    private static Fin<(ColumnEncoder Encoder, bool Named)> Column(JsonValue e, string path, int room, string unnamed)
    {
        if (e.Kind != JsonTokenType.StartObject) return Error.New($"{path}: expected an object, got {Describe(e)}");
        var kind = e.Properties().Where(p => p.Name == "kind").Select(p => (JsonValue?)p.Value).FirstOrDefault();
        var numeric = kind is { } k && k.TextEquals("numeric");
        if (kind is not { } given || !(numeric || given.TextEquals("categorical")))
            return Error.New($"{path}.kind: expected \"numeric\" or \"categorical\", got {(kind is { } g ? Describe(g) : "nothing")}");
        // A Fin cannot hold null: an absent name is (false, "").
        return from f in Object(e, path, numeric ? NumericFields : CategoricalFields)
               from name in Optional<(bool Named, string Text)>(f, "name", (false, ""), n => Text(n, $"{path}.name", "a string or null").Map(s => (true, s)))
               let called = name.Named ? name.Text : unnamed
               from encoder in numeric ? Numeric(f, path, called, room) : Categorical(f, path, called, room)
               select (encoder, name.Named);
    }

    private static Fin<ColumnEncoder> Numeric(Dictionary<string, JsonValue> f, string path, string name, int room) =>
        room < 1 ? Error.New($"{path}: one input more than the network's") :
        from impute in Optional<(bool Given, double Value)>(f, "impute", (false, 0.0), e => Number<double>(e, $"{path}.impute")
            .Bind(v => Within(v, $"{path}.impute", isScale: false)).Map(v => (true, v)))
        from mean in Field(f, path, "mean", $"expected {Expected(isScale: false)}")
            .Bind(e => Number<double>(e, $"{path}.mean")).Bind(v => Within(v, $"{path}.mean", isScale: false))
        from scale in Field(f, path, "scale", $"expected {Expected(isScale: true)}")
            .Bind(e => Number<double>(e, $"{path}.scale")).Bind(v => Within(v, $"{path}.scale", isScale: true))
        select (ColumnEncoder)new ColumnEncoder.Numeric(name, impute.Given ? impute.Value : null, mean, scale);

    // Preprocessing that could only give NaN or ±∞ (a scale of 0 or 1e-45, a mean beyond any float)
    // is refused on load, so nothing a model file allows predicts NaN from ordinary inputs.
    private static Fin<double> Within(double v, string path, bool isScale) =>
        InRange(v, isScale)
            ? v
            : Error.New($"{path}: expected {Expected(isScale)}, got {v.ToString("R", CultureInfo.InvariantCulture)}");

    private static bool InRange(double v, bool isScale) =>
        (isScale ? v >= ModelJson.MinScale : v >= -ModelJson.MaxMagnitude) && v <= ModelJson.MaxMagnitude;

    // "from 1e-30 to 3.4028235e38 (the largest float)"
    private static string Expected(bool isScale)
    {
        var largest = ModelJson.MaxMagnitude.ToString("0.#######e0", CultureInfo.InvariantCulture);
        return isScale
            ? $"a positive number from {ModelJson.MinScale.ToString("0e0", CultureInfo.InvariantCulture)} to {largest} (the largest float)"
            : $"a number from -{largest} to {largest} (the float range)";
    }

    private static Fin<ColumnEncoder> Categorical(Dictionary<string, JsonValue> f, string path, string name, int room)
    {
        var categories = Field(f, path, "categories", $"expected an array of 1 to {room} category names").Bind(e =>
            e.Kind == JsonTokenType.StartArray && e.Count() is var n and >= 1 && n <= room
                ? Names(e, $"{path}.categories", n, "category names")
                : Error.New($"{path}.categories: expected an array of 1 to {room} category names (the inputs left), got {Describe(e)}"));
        return from c in categories
               from impute in Optional<(bool Given, string Text)>(f, "impute", (false, ""), e => Text(e, $"{path}.impute", "a category or null").Map(s => (true, s)))
               from _ in !impute.Given || c.Contains(impute.Text) ? Fin<Unit>.Succ(Unit.Default)
                   : Error.New($"{path}.impute: {Quote(impute.Text)} is not one of the column's categories")
               select (ColumnEncoder)new ColumnEncoder.Categorical(name, c, impute.Given ? impute.Text : null);
    }
}
