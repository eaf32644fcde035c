using System.Globalization;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// <c>mlp train --out</c> → <c>mlp predict</c> / <c>mlp evaluate</c>: the numbers written are the
/// in-memory network's, bit for bit; binary and multi-output models; the scores printed.
/// </summary>
public class CliPredictEvaluate
{
    private static int Bits(float v) => BitConverter.SingleToInt32Bits(v);

    private static void AssertSameBits(Matrix<float> expected, Matrix<float> actual)
    {
        Assert.Equal((expected.Rows, expected.Cols), (actual.Rows, actual.Cols));
        for (var i = 0; i < expected.Rows; i++)
            for (var j = 0; j < expected.Cols; j++)
                Assert.True(Bits(expected[i, j]) == Bits(actual[i, j]), $"row {i}, column {j}: {expected[i, j]:R} ≠ {actual[i, j]:R}");
    }

    private static CliRun.Result Ok(CliRun.Result r)
    {
        Assert.True(r.Code == 0, $"exit {r.Code}: {r.Err}");
        return r;
    }

    [Fact]
    public void Train_then_predict_writes_the_in_memory_networks_numbers_bit_for_bit()
    {
        using var dir = new TempDir();
        var csv = dir.File("iris.csv");
        File.WriteAllText(csv, Csv.Write(BuiltIn.Iris<float>()));
        string[] args = ["--data", csv, "--hidden", "8", "--epochs", "15", "--seed", "3"];
        Ok(CliRun.Invoke(["train", .. args, "--out", dir.File("m.json"), "--quiet"]));
        var (plan, net) = CliLibrary.Train(args);
        var expected = Network.Predict(net, plan.Preprocessing.Encode(BuiltIn.Iris<float>().Features));

        var (header, proba) = CliLibrary.Numbers(Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", csv, "--proba")).Out);
        Assert.Equal(["setosa", "versicolor", "virginica"], header);
        AssertSameBits(expected, proba);

        var labels = CliLibrary.Column(Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", csv)).Out, "species");
        Assert.Equal(OneHot.Decode(expected).Select(k => header[k]), labels);
    }

    [Fact]
    public void A_binary_classifier_has_one_sigmoid_unit_giving_the_probability_of_the_second_class()
    {
        using var dir = new TempDir();
        var csv = dir.File("blobs.csv");
        File.WriteAllText(csv, CliLibrary.TwoBlobs(40, "no", "yes", seed: 5)); // "yes" comes first in the file
        string[] args = ["--data", csv, "--hidden", "4", "--epochs", "20", "--validation", "0"];
        Ok(CliRun.Invoke(["train", .. args, "--out", dir.File("m.json"), "--quiet"]));
        var model = ModelFile.Load<float>(dir.File("m.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(["no", "yes"], model.Classes!.Value.ToArray());
        Assert.Equal((1, Activation.Sigmoid, Loss.BinaryCrossEntropy), (model.Network.Outputs, model.Network.OutputActivation, model.Loss));

        var (_, net) = CliLibrary.Train(args);
        var x = CsvFile.Load<float>(csv).Match(d => d.Features, e => throw new Xunit.Sdk.XunitException(e.Message));
        var p = Network.Predict(net, model.Encode(x));
        var (header, proba) = CliLibrary.Numbers(Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", csv, "--proba")).Out);
        Assert.Equal(["no", "yes"], header);
        AssertSameBits(p, Matrix<float>.Build(proba.Rows, 1, (i, _) => proba[i, 1]));
        AssertSameBits(Matrix<float>.Build(p.Rows, 1, (i, _) => 1f - p[i, 0]), Matrix<float>.Build(proba.Rows, 1, (i, _) => proba[i, 0]));

        var labels = CliLibrary.Column(Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", csv)).Out, "label");
        Assert.Equal(Enumerable.Range(0, p.Rows).Select(i => p[i, 0] >= 0.5f ? "yes" : "no"), labels);
        Assert.Contains("yes", labels);
        Assert.Contains("no", labels);
    }

    [Fact]
    public void Multi_output_regression_trains_predicts_and_evaluates()
    {
        using var dir = new TempDir();
        var csv = dir.File("two.csv");
        File.WriteAllText(csv, CliLibrary.TwoTargets(50, seed: 2));
        string[] args = ["--data", csv, "--target", "a,b", "--hidden", "8", "--epochs", "30", "--validation", "0"];
        Ok(CliRun.Invoke(["train", .. args, "--out", dir.File("m.json"), "--quiet"]));
        var (plan, net) = CliLibrary.Train(args);
        Assert.Equal((2, Activation.Identity, Loss.Mse), (net.Outputs, net.OutputActivation, plan.Loss));

        var written = Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", csv, "--out", dir.File("p.csv")));
        Assert.Equal($"50 prediction(s) written to {dir.File("p.csv")}\n", written.Out);
        var (header, values) = CliLibrary.Numbers(File.ReadAllText(dir.File("p.csv")));
        Assert.Equal(["a", "b"], header); // named after the targets
        var data = CsvFile.Load<float>(csv, new CsvOptions { Targets = ["a", "b"] }).Match(d => d, e => throw new Xunit.Sdk.XunitException(e.Message));
        var y = Network.Predict(net, plan.Preprocessing.Encode(data.Features));
        AssertSameBits(y, values);

        var r = Ok(CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", csv)); // the model knows its targets
        Assert.Equal(r.Out, Ok(CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", csv, "--target", "a,b")).Out);
        var (per, overall) = Metrics.Regression(y, data.Targets, ["a", "b"]);
        foreach (var s in per.Append(overall))
            Assert.Matches($@"│ {s.Output}\s+│\s+{s.Mse.ToString("G6", CultureInfo.InvariantCulture)} │\s+{s.Rmse.ToString("G6", CultureInfo.InvariantCulture)} │\s+{s.Mae.ToString("G6", CultureInfo.InvariantCulture)} │\s+{s.R2.ToString("0.0000", CultureInfo.InvariantCulture)} │", r.Out);
        Assert.True(overall.R2 > 0.5, $"R² {overall.R2}");
        Assert.Equal(["m.json", "p.csv", "two.csv"], dir.Files().Select(Path.GetFileName).Order()); // no temporary file left
    }

    [Theory]
    [InlineData("iris")]
    [InlineData("CSV")]
    public void Evaluate_prints_accuracy_per_class_scores_and_the_confusion_matrix(string data)
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke("train", "--epochs", "10", "--hidden", "8", "--out", dir.File("m.json"), "--quiet"));
        // The CSV's columns in another order, with an id column the model does not use.
        var iris = BuiltIn.Iris<float>();
        var lines = Enumerable.Range(0, iris.Rows).Select(i => string.Join(",",
            [i.ToString(CultureInfo.InvariantCulture), iris.Classes[iris.Labels[i]], .. Enumerable.Range(0, 4).Reverse().Select(j => Csv.Format(iris.Features[i, j]))]));
        File.WriteAllText(dir.File("iris.csv"), "id,species," + string.Join(",", iris.FeatureNames.Reverse()) + "\n" + string.Join("\n", lines) + "\n");
        var r = Ok(CliRun.Invoke(data == "iris" ? ["evaluate", "--model", dir.File("m.json"), "--data", "iris", "--split", "all"]
            : ["evaluate", "--model", dir.File("m.json"), "--data", dir.File("iris.csv"), "--target", "species"]));

        var model = ModelFile.Load<float>(dir.File("m.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        var predicted = OneHot.Decode(Network.Predict(model.Network, model.Encode(iris.Features)));
        var s = Metrics.Classification(iris.Labels, predicted, iris.Classes);
        Assert.Contains($"accuracy {s.Accuracy.ToString("0.000", CultureInfo.InvariantCulture)} ({s.Correct} of 150 rows)", r.Out);
        string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        foreach (var c in s.PerClass)
            Assert.Matches($@"│ {c.Class}\s+│\s+{F(c.Precision)} │\s+{F(c.Recall)} │\s+{F(c.F1)} │\s+50 │", r.Out);
        Assert.Matches($@"│ macro average\s+│\s+{F(s.MacroPrecision)} │\s+{F(s.MacroRecall)} │\s+{F(s.MacroF1)} │\s+150 │", r.Out);
        Assert.Contains("actual \\ predicted", r.Out);
        Assert.Matches($@"│ setosa\s+│\s+{s.Confusion[0, 0]} │\s+{s.Confusion[0, 1]} │\s+{s.Confusion[0, 2]} │", r.Out);
    }

    [Fact]
    public void Evaluate_on_a_built_in_set_scores_its_test_split_and_says_so()
    {
        using var dir = new TempDir();
        var trained = Ok(CliRun.Invoke("train", "--epochs", "10", "--out", dir.File("m.json")));
        Assert.Contains("on iris: 120 training rows, 30 test", trained.Out);
        var test = Ok(CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", "iris"));
        Assert.Contains("on iris/test: 30 rows", test.Out);
        Assert.Contains("note: the test split of iris, rows mlp train never trains on (--split train|all for the others)", test.Out);
        // The test line of train's results is the same score.
        var accuracy = test.Out.Split('\n').Single(l => l.StartsWith("accuracy", StringComparison.Ordinal)).Split(' ')[1];
        Assert.Matches($@"│ test\s+│\s+[\d.]+ │\s+{accuracy} │", trained.Out);
        Assert.Contains("on iris: 120 rows", Ok(CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", "iris", "--split", "train")).Out);
        Assert.Contains("not a fair test", Ok(CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", "iris", "--split", "all")).Out);
        Assert.Contains("xor has no test split", Ok(CliRun.Invoke("evaluate", "--model", BuiltInXorModel(dir), "--data", "xor")).Out);
    }

    private static string BuiltInXorModel(TempDir dir)
    {
        Ok(CliRun.Invoke("train", "--data", "xor", "--epochs", "2", "--out", dir.File("xor.json"), "--quiet"));
        return dir.File("xor.json");
    }

    [Fact]
    public void A_model_without_names_reads_every_column_and_names_classes_by_index()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("m.json"), """
            { "format": "mlp/1", "inputs": 2, "loss": "cross-entropy",
              "layers": [ { "outputs": 2, "activation": "softmax", "weights": [[1, 0], [0, 1]], "bias": [0, 0] } ] }
            """);
        File.WriteAllText(dir.File("x.csv"), "p,q\n1,0\n0,3\n");
        Assert.Equal(["0", "1"], CliLibrary.Column(Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", dir.File("x.csv"))).Out, "prediction"));
        var model = ModelFile.Load<float>(dir.File("m.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        var y = Network.Predict(model.Network, Matrix<float>.FromRows([1f, 0f], [0f, 3f]));
        Assert.True(y[0, 0] > y[0, 1] && y[1, 1] > y[1, 0]);
        Assert.Equal($"0,1\n{Csv.Format(y[0, 0])},{Csv.Format(y[0, 1])}\n{Csv.Format(y[1, 0])},{Csv.Format(y[1, 1])}\n",
            Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", dir.File("x.csv"), "--proba")).Out);
        File.WriteAllText(dir.File("y.csv"), "p,q,r\n1,0,0\n");
        var r = CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", dir.File("y.csv"));
        Assert.Equal(2, r.Code);
        Assert.Contains("y.csv: line 1: the model names no input columns, so every column is an input: expected 2, got 3", r.Err);
    }

    [Fact]
    public void Evaluate_on_fashion_mnist_uses_its_test_set_or_says_how_to_install_it()
    {
        using var dir = new TempDir();
        var net = Init.Network<float>([784, 10], Activation.Relu, Activation.Softmax, Initializer.XavierUniform, 1);
        var model = new TrainedModel<float>(net, Loss.CrossEntropy, [.. Enumerable.Range(0, 10).Select(k => $"{k}")],
            [.. Enumerable.Range(0, 784).Select(i => $"px{i}")], null);
        Assert.True(ModelFile.Save(dir.File("f.json"), model).IsSucc);
        var r = CliRun.Invoke("evaluate", "--model", dir.File("f.json"), "--data", "fashion-mnist");
        if (!FashionMnist.IsInstalled())
        {
            Assert.Equal(2, r.Code);
            Assert.Contains("apt-get install dataset-fashion-mnist", r.Err);
            return;
        }
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("on fashion-mnist/test: 10000 rows", r.Out);
        Assert.Matches(@"│ 9\s+│\s+\d\.\d{3} │\s+\d\.\d{3} │\s+\d\.\d{3} │\s+1000 │", r.Out); // 1,000 test images per class

        // A model trained by mlp on the table knows the garments' names, in label order.
        var named = new TrainedModel<float>(net, Loss.CrossEntropy, FashionMnist.ClassNames, model.Inputs);
        Assert.True(ModelFile.Save(dir.File("g.json"), named).IsSucc);
        var g = Ok(CliRun.Invoke("evaluate", "--model", dir.File("g.json"), "--data", "fashion-mnist"));
        Assert.Matches(@"│ Ankle boot\s+│\s+\d\.\d{3} │\s+\d\.\d{3} │\s+\d\.\d{3} │\s+1000 │", g.Out);
        Assert.Equal(r.Out.Split('\n').First(l => l.StartsWith("accuracy")), g.Out.Split('\n').First(l => l.StartsWith("accuracy")));
        var table = DataSources.LoadTable<float>("fashion-mnist").Match(t => t.Train, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(string.Join("|", FashionMnist.ClassNames),
            string.Join("|", Targets.Decide(table, TaskKind.Auto).Match(t => t.Classes, e => throw new Xunit.Sdk.XunitException(e.Message))));
    }

    [Fact]
    public void Metrics_by_hand()
    {
        var s = Metrics.Classification([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 2, 2], ["a", "b", "c"]);
        Assert.Equal(4.0 / 6, s.Accuracy, 12);
        Assert.Equal([1.0, 2.0 / 3, 0.5], s.PerClass.Select(c => c.Precision));
        Assert.Equal([0.5, 2.0 / 3, 1.0], s.PerClass.Select(c => c.Recall));
        Assert.Equal(2.0 / 3, s.PerClass[0].F1, 12);
        Assert.Equal((2.0 / 3 + 2.0 / 3 + 2.0 / 3) / 3, s.MacroF1, 12);
        var (per, overall) = Metrics.Regression(Matrix<double>.FromRows([1.0], [2.0], [3.0]), Matrix<double>.FromRows([1.0], [2.0], [4.0]), ["y"]);
        Assert.Equal(1.0 / 3, per[0].Mse, 12);
        Assert.Equal(1.0 / 3, per[0].Mae, 12);
        Assert.Equal(1 - 1 / (42.0 / 9), per[0].R2, 12);
        Assert.Equal(per[0].R2, overall.R2);
        Assert.Equal(Math.Sqrt(1.0 / 3), per[0].Rmse, 12);
    }
}
