using System.Text.Json.Nodes;
using Mlp.Data;
using Mlp.Io;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>A small iris model and the files the bad-input cases are made from, built once for the class.</summary>
public sealed class BadFiles : IDisposable
{
    private readonly TempDir dir = new();

    public BadFiles()
    {
        File.WriteAllText(Iris, Csv.Write(BuiltIn.Iris<float>()));
        var r = CliRun.Invoke("train", "--hidden", "4", "--epochs", "2", "--out", Model, "--quiet");
        Assert.True(r.Code == 0, r.Err);
        var json = JsonNode.Parse(File.ReadAllText(Model))!;
        json["format"] = "mlp/3";
        File.WriteAllText(Path("v2.json"), json.ToJsonString());
        json = JsonNode.Parse(File.ReadAllText(Model))!;
        json["layers"]![1]!["weights"]!.AsArray().Add(JsonNode.Parse("[0, 0, 0, 0]")); // 4 rows for 3 outputs
        File.WriteAllText(Path("shapes.json"), json.ToJsonString());
        File.WriteAllText(Path("empty.csv"), "");
        File.WriteAllBytes(Path("picture.csv"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H']);
        File.WriteAllText(Path("regression.csv"), "a,b,y\n1,2,0.5\n2,3,1.5\n3,1,2.25\n4,4,3.5\n");
        File.WriteAllText(Path("a-file"), "not a directory");
    }

    public string Path(string name) => dir.File(name);
    public string Model => Path("iris.json");
    public string Iris => Path("iris.csv");
    public string NotJson => Iris;
    public void Dispose() => dir.Dispose();
}

/// <summary>
/// Bad input files and outputs (issue 4, item 8): exit code 2, one message naming the file (and
/// line, column or JSON path) and what was expected, no stack trace, no file written. And the one
/// failure while running: the loss turning NaN, exit 1, naming the epoch.
/// </summary>
public class CliBadInput(BadFiles files) : IClassFixture<BadFiles>
{
    // Runs the command with an output directory it must leave empty; checks exit 2 and the message.
    private static void Rejects(string[] args, string? outFlag, params string[] expected)
    {
        using var outDir = new TempDir();
        var r = CliRun.Invoke(outFlag is null ? args : [.. args, outFlag, outDir.File(outFlag.StartsWith("--plot") ? "out.png" : "out.json")]);
        Assert.True(r.Code == 2, $"exit {r.Code}; out: {r.Out}; err: {r.Err}");
        foreach (var e in expected) Assert.Contains(e, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.DoesNotContain("epoch", r.Out); // rejected before any training
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("mlp:"));
        Assert.Empty(outDir.Files());
    }

    [Theory]
    [InlineData("cross-entropy")]
    [InlineData("binary-cross-entropy")]
    public void A_classification_loss_on_a_regression_target(string loss) =>
        Rejects(["train", "--data", files.Path("regression.csv"), "--loss", loss], "--out",
            $"the loss {loss} needs class labels", "regression.csv", "numeric", "use mse");

    [Fact]
    public void Mse_asks_for_regression_and_with_classification_asked_for_gives_a_softmax()
    {
        Rejects(["train", "--data", "iris", "--loss", "mse"], "--out", "iris: line 2, column 5 (species): expected a number, got \"setosa\" " +
            "(the loss mse asks for regression; for mse on class labels, ask for classification)");
        using var dir = new TempDir();
        var r = CliRun.Invoke("train", "--data", "iris", "--task", "classification", "--loss", "mse", "--epochs", "2", "--out", dir.File("m.json"), "--quiet");
        Assert.Equal(0, r.Code);
        var model = ModelFile.Load<float>(dir.File("m.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal((Model.Activation.Softmax, Losses.Loss.Mse), (model.Network.OutputActivation, model.Loss));
    }

    [Fact]
    public void A_validation_share_that_leaves_no_training_rows() =>
        Rejects(["train", "--validation", "0.997"], "--out", "iris: no training rows left after holding out validation rows");

    [Fact]
    public void An_empty_data_file() =>
        Rejects(["train", "--data", files.Path("empty.csv")], "--out", "empty.csv: line 1: the file is empty");

    [Fact]
    public void A_binary_data_file() =>
        Rejects(["train", "--data", files.Path("picture.csv")], "--out", "picture.csv: line 3: a NUL character", "binary file, not CSV"); // the PNG signature holds CR LF and LF

    [Fact]
    public void A_json_file_as_data() =>
        Rejects(["train", "--data", files.Model], "--out", "iris.json: line 1: the header has one column", "is this a CSV file?");

    [Fact]
    public void A_target_that_is_not_a_column() =>
        Rejects(["train", "--data", files.Iris, "--target", "petal_size"], "--out",
            "iris.csv: line 1: no column named \"petal_size\" for the target", "sepal_length, sepal_width");

    public static TheoryData<string, string> ModelCases() => new()
    {
        { "train", "missing" }, { "train", "not-json" }, { "train", "v2" }, { "train", "shapes" },
        { "predict", "missing" }, { "predict", "not-json" }, { "predict", "v2" }, { "predict", "shapes" },
        { "evaluate", "missing" }, { "evaluate", "not-json" }, { "evaluate", "v2" }, { "evaluate", "shapes" },
        { "walkthrough", "missing" }, { "walkthrough", "not-json" }, { "walkthrough", "v2" }, { "walkthrough", "shapes" },
        { "gradcheck", "missing" }, { "gradcheck", "not-json" }, { "gradcheck", "v2" }, { "gradcheck", "shapes" },
    };

    [Theory]
    [MemberData(nameof(ModelCases))]
    public void A_bad_model_file(string command, string kind)
    {
        var (path, expected) = kind switch
        {
            "missing" => (files.Path("no-model.json"), "does not exist; expected a model file (mlp/2 JSON)"),
            "not-json" => (files.NotJson, "iris.csv: $: not valid JSON"),
            "v2" => (files.Path("v2.json"), "v2.json: $.format: expected \"mlp/2\" (or \"mlp/1\"), got \"mlp/3\""),
            _ => (files.Path("shapes.json"), "shapes.json: $.layers[1].weights: expected 3 rows (outputs), got 4"),
        };
        var flag = command == "train" ? "--init-model" : "--model";
        string[] args = command switch
        {
            "evaluate" => [command, flag, path, "--data", "iris"],
            "walkthrough" or "gradcheck" => [command, flag, path],
            _ => [command, flag, path, "--data", files.Iris],
        };
        Rejects(args, command is "train" or "predict" ? "--out" : null, expected);
    }

    [Fact]
    public void A_model_whose_inputs_do_not_fit_the_data() =>
        Rejects(["train", "--data", "xor", "--init-model", files.Model], "--out",
            "xor: line 1: no column named \"species\" for the target; the columns are: x1, x2, y");

    [Fact]
    public void Predict_data_without_a_feature_column_of_the_model()
    {
        var csv = files.Path("no-petal-width.csv");
        File.WriteAllText(csv, "sepal_length,sepal_width,petal_length,species\n5.1,3.5,1.4,setosa\n");
        Rejects(["predict", "--model", files.Model, "--data", csv], "--out",
            "no-petal-width.csv: line 1: no column named \"petal_width\" for the model's input column 4; the columns are: sepal_length, sepal_width, petal_length, species");
    }

    [Fact]
    public void Evaluate_data_with_a_class_the_model_does_not_know()
    {
        var csv = files.Path("new-class.csv");
        File.WriteAllText(csv, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n6.0,3.0,5.0,2.0,tulip\n");
        Rejects(["evaluate", "--model", files.Model, "--data", csv], null,
            "new-class.csv: line 3, column 5 (species): unknown class \"tulip\"; expected one of: setosa, versicolor, virginica");
    }

    [Theory]
    [InlineData("train", "--out")]
    [InlineData("train", "--plot")]
    [InlineData("predict", "--out")]
    public void An_output_path_under_a_regular_file(string command, string flag)
    {
        var path = Path.Combine(files.Path("a-file"), "out.png");
        string[] args = command == "train" ? [command, "--epochs", "1", flag, path] : [command, "--model", files.Model, "--data", files.Iris, flag, path];
        Rejects(args, null, flag, "a-file' is a file, not a directory");
    }

    [Fact]
    public void Predict_output_in_a_missing_directory() =>
        Rejects(["predict", "--model", files.Model, "--data", files.Iris, "--out", files.Path("no-dir/p.csv")], null,
            "--out: directory", "no-dir' does not exist");

    [Theory]
    [InlineData("predict")]
    [InlineData("evaluate")]
    public void Predict_and_evaluate_need_a_model_and_data(string command)
    {
        var r = CliRun.Invoke(command);
        Assert.Equal(2, r.Code);
        Assert.Equal(["mlp: --model: missing; expected a model file (mlp/2 JSON)", "mlp: --data: missing; expected a CSV file or a built-in name"],
            r.Err.Split('\n').Where(l => l.StartsWith("mlp:")));
    }

    [Fact]
    public void Plot_boundary_needs_two_inputs_and_is_checked_before_training() =>
        Rejects(["train", "--data", "iris", "--plot", files.Path("never.png")], "--plot-boundary",
            "--plot-boundary: draws the decision regions of data with 2 numeric input columns and class labels; iris has 4 input column(s) " +
            "(sepal_length, sepal_width, petal_length, petal_width)");

    // Changed deliberately (issue 11): the last good network used to be written over --out. DESIGN.md:
    // keep it beside --out, never over it; --out keeps what it held (here, a model of an earlier run).
    [Fact]
    public void A_loss_that_turns_nan_exits_1_naming_the_epoch_and_keeps_the_last_good_model_beside_out()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("huge.csv"), "a,b,y\n1e6,2e6,3.5e6\n2e6,1e6,-1.5e6\n3e5,4e6,5.5e6\n1e5,1e5,0.5\n");
        string[] args = ["train", "--data", dir.File("huge.csv"), "--preprocess", "none", "--validation", "0", "--out", dir.File("m.json")];
        Assert.Equal(0, CliRun.Invoke([.. args, "--epochs", "1", "--quiet"]).Code);
        var earlier = File.ReadAllBytes(dir.File("m.json"));
        var r = CliRun.Invoke([.. args, "--optimizer", "sgd", "--lr", "1e6", "--epochs", "5"]);
        Assert.Equal(1, r.Code);
        Assert.Matches(@"^mlp: train: the loss became (NaN|-?Infinity|∞|-∞) at epoch 2, batch 1; the last good network is kept\n$", r.Err);
        Assert.Contains($"training diverged; the last good network is in {dir.File("m.diverged.json")}, and {dir.File("m.json")} is left as it was", r.Out);
        Assert.Contains($"model written to {dir.File("m.diverged.json")}", r.Out);
        Assert.Equal(earlier, File.ReadAllBytes(dir.File("m.json")));
        Assert.Equal(2, dir.Files().Length - 1); // m.json and m.diverged.json beside huge.csv, no temporary file
        var model = ModelFile.Load<float>(dir.File("m.diverged.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        var data = CsvFile.Load<float>(dir.File("huge.csv")).Match(d => d, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.True(double.IsFinite(Training.Trainer.Evaluate(model.Network, data, model.Loss).Loss));
    }
}
