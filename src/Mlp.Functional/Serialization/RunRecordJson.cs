using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Pipeline;
using static Mlp.Serialization.JsonFields;

namespace Mlp.Serialization;

/// <summary>
/// A checkpoint's <c>run</c>: what identifies the run that made it (<see cref="RunRecord"/>), or
/// <c>null</c> when unknown.
/// <code>
/// { "data": "digits", "start": "9f…", "train": { "rows": 1150, "fingerprint": "3a…" },
///   "validation": { "rows": 287, "fingerprint": "c4…" }, "options": { "hidden": "32", "lr": "0.01", … } }
/// </code>
/// Fingerprints are SHA-256 in lowercase hex; option values are text, as the run wrote them.
/// </summary>
internal static class RunRecordJson
{
    /// <summary>Most options a record may hold (this version writes about 20).</summary>
    public const int MaxOptions = 200;

    private static readonly string[] Fields = ["data", "start", "train", "validation", "options"];
    private static readonly string[] RowsFields = ["rows", "fingerprint"];
    private const string Hex = "a SHA-256 fingerprint (64 lowercase hexadecimal digits)";

    /// <summary>Writes <paramref name="run"/> as the value of the current property.</summary>
    public static void Write(Utf8JsonWriter w, RunRecord? run)
    {
        if (run is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        // The name is for messages only: a path that is not Unicode text loses its odd characters, not the checkpoint.
        w.WriteString("data", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(run.Data)));
        w.WriteString("start", run.Start);
        Rows(w, "train", run.Train);
        Rows(w, "validation", run.Validation);
        w.WriteStartObject("options");
        foreach (var (name, value) in run.Options) w.WriteString(name, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Rows(Utf8JsonWriter w, string name, RowsPrint rows)
    {
        w.WriteStartObject(name);
        w.WriteNumber("rows", rows.Rows);
        w.WriteString("fingerprint", rows.Fingerprint);
        w.WriteEndObject();
    }

    /// <summary>The record at <paramref name="path"/> (not <c>null</c>: the caller decides absence), or the first problem.</summary>
    public static Fin<RunRecord> Read(JsonValue e, string path) =>
        from f in Object(e, path, Fields)
        from data in Text(f, path, "data", "the data set's name")
        from start in Fingerprint(f, path, "start")
        from train in Rows(f, path, "train")
        from validation in Rows(f, path, "validation")
        from options in Field(f, path, "options", "expected an object of option names and values")
            .Bind(o => Options(o, Member(path, "options")))
        select new RunRecord(data, options, train, validation, start);

    private static Fin<RowsPrint> Rows(Dictionary<string, JsonValue> f, string path, string name) =>
        from e in Field(f, path, name, "expected an object with rows and fingerprint")
        from rows in Object(e, Member(path, name), RowsFields)
        from count in Int(rows, Member(path, name), "rows", 0, int.MaxValue)
        from print in Fingerprint(rows, Member(path, name), "fingerprint")
        select new RowsPrint(count, print);

    private static Fin<string> Fingerprint(Dictionary<string, JsonValue> f, string path, string name) =>
        Text(f, path, name, Hex).Bind(text => text.Length == 64 && text.All(char.IsAsciiHexDigitLower)
            ? Fin<string>.Succ(text)
            : Error.New($"{Member(path, name)}: expected {Hex}, got {Quote(text)}"));

    // Names as written; each value text; no name twice.
    private static Fin<ImmutableArray<(string, string)>> Options(JsonValue e, string path)
    {
        if (e.Kind != JsonTokenType.StartObject) return Error.New($"{path}: expected an object of option names and values, got {Describe(e)}");
        var options = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (var (name, value) in e.Properties())
        {
            if (name is null) return Error.New($"{path}: an option name is not valid UTF-8");
            if (options.Count == MaxOptions) return Error.New($"{path}: expected at most {MaxOptions} options");
            if (options.Any(o => o.Item1 == name)) return Error.New($"{Member(path, name)}: appears twice");
            var text = Text(value, Member(path, name), "the option's value as text");
            if (text.IsFail) return (Error)text;
            options.Add((name, (string)text));
        }
        return options.ToImmutable();
    }
}
