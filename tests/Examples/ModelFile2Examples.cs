using System.Collections.Immutable;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// The model file <c>mlp/2</c> remembers its columns (each input column's encoder), its task and
/// its targets; an <c>mlp/1</c> file still loads and predicts as it did.
/// </summary>
public class ModelFile2Examples
{
    private static readonly Network<double> Net =
        Init.Network<double>([4, 3, 2], Activation.Tanh, Activation.Softmax, Initializer.XavierUniform, 5);

    private static TrainedModel<double> Model() => new(Net, Loss.CrossEntropy, ["no", "yes"], new Preprocessor(
    [
        new ColumnEncoder.Numeric("age", 41.5, 40.25, 12.5),
        new ColumnEncoder.Categorical("colour", ["blue", "green", "red"], "red"),
    ]))
    { Targets = ["bought"] };

    private static string Error<TValue>(LanguageExt.Fin<TValue> r) => r.Match(_ => "", e => e.Message);

    [Fact]
    public void A_model_with_categorical_and_imputed_columns_reads_back_equal_and_readable()
    {
        var text = ModelJson.SerializeText(Model()).Match(t => t, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Contains("\"format\": \"mlp/2\"", text);
        Assert.Contains("\"task\": \"classification\"", text);
        Assert.Contains("\"targets\": [\"bought\"]", text);
        Assert.Contains("{\"name\": \"age\", \"kind\": \"numeric\", \"impute\": 41.5, \"mean\": 40.25, \"scale\": 12.5}", text);
        Assert.Contains("{\"name\": \"colour\", \"kind\": \"categorical\", \"categories\": [\"blue\", \"green\", \"red\"], \"impute\": \"red\"}", text);
        var back = ModelJson.ParseText<double>(text).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(Model(), back);
        Assert.Equal(["bought"], back.Targets!.Value.ToArray());
        Assert.Equal(["age", "colour=blue", "colour=green", "colour=red"], back.Inputs.InputNames.ToArray());
    }

    [Fact]
    public void A_regression_model_records_its_task_and_targets()
    {
        var net = Init.Network<double>([2, 2], Activation.Relu, Activation.Identity, Initializer.HeUniform, 1);
        var model = new TrainedModel<double>(net, Loss.Mse, null, ["a", "b"], null) { Targets = ["y", "z"] };
        var text = ModelJson.SerializeText(model).Match(t => t, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Contains("\"task\": \"regression\"", text);
        var back = ModelJson.ParseText<double>(text).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(TaskKind.Regression, back.Task);
        Assert.Equal(["y", "z"], back.Targets!.Value.ToArray());
    }

    [Theory]
    [InlineData("\"kind\": \"categorical\"", "\"kind\": \"ordinal\"", "$.columns[1].kind: expected \"numeric\" or \"categorical\", got \"ordinal\"")]
    [InlineData("\"impute\": \"red\"", "\"impute\": \"pink\"", "$.columns[1].impute: \"pink\" is not one of the column's categories")]
    [InlineData("\"green\", \"red\"], \"impute\": \"red\"", "\"green\"], \"impute\": \"blue\"", "$.columns: the columns make 3 inputs; expected 4 (the network's inputs)")]
    [InlineData("\"green\", \"red\"", "\"green\", \"blue\"", "$.columns[1].categories[2]: \"blue\" appears twice (also at [0])")]
    [InlineData("\"scale\": 12.5", "\"scale\": 0", "$.columns[0].scale: expected a positive number from 1e-30 to 3.4028235e38 (the largest float), got 0")]
    // a scale of 1e-45 turned every prediction into NaN (issue 11); a mean beyond any float does too
    [InlineData("\"scale\": 12.5", "\"scale\": 1e-45", "$.columns[0].scale: expected a positive number from 1e-30 to 3.4028235e38 (the largest float), got 1E-45")]
    [InlineData("\"scale\": 12.5", "\"scale\": -12.5", "$.columns[0].scale: expected a positive number from 1e-30 to 3.4028235e38 (the largest float), got -12.5")]
    [InlineData("\"mean\": 40.25", "\"mean\": 1e300", "$.columns[0].mean: expected a number from -3.4028235e38 to 3.4028235e38 (the float range), got 1E+300")]
    [InlineData("\"impute\": 41.5", "\"impute\": -1e39", "$.columns[0].impute: expected a number from -3.4028235e38 to 3.4028235e38 (the float range), got -1E+39")]
    [InlineData("\"name\": \"colour\"", "\"name\": \"age\"", "$.columns[1].name: \"age\" appears twice (also at [0])")]
    [InlineData("\"name\": \"colour\"", "\"name\": null", "$.columns: some columns have names and some do not; expected names for all or for none")]
    [InlineData("\"task\": \"classification\"", "\"task\": \"regression\"", "$.classes: a regression model has no classes; expected null")]
    [InlineData("\"task\": \"classification\",", "", "$.task: missing; expected \"classification\" or \"regression\"")]
    [InlineData("\"targets\": [\"bought\"]", "\"targets\": [\"a\", \"b\"]", "$.targets: expected 1 name (the class column), got 2")]
    [InlineData("\"kind\": \"numeric\", ", "\"kind\": \"numeric\", \"categories\": [\"x\"], ", "$.columns[0].categories: unknown property; known: name, kind, impute, mean, scale")]
    public void Each_problem_in_the_columns_task_or_targets_is_named_with_its_path(string find, string replace, string expected)
    {
        var text = ModelJson.SerializeText(Model()).Match(t => t, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Contains(find, text);
        Assert.Equal(expected, Error(ModelJson.ParseText<double>(text.Replace(find, replace))));
    }

    [Fact]
    public void Preprocessing_at_the_ends_of_its_range_loads()
    {
        var text = ModelJson.SerializeText(Model()).Match(t => t, e => throw new Xunit.Sdk.XunitException(e.Message));
        var edges = text.Replace("\"scale\": 12.5", "\"scale\": 1e-30").Replace("\"mean\": 40.25", "\"mean\": -3.4028234663852886E+38")
            .Replace("\"impute\": 41.5", "\"impute\": 3.4028234663852886E+38");
        Assert.Equal("", Error(ModelJson.ParseText<double>(edges)));
        Assert.Equal("", Error(ModelJson.ParseText<float>(edges)));
    }

    [Fact]
    public void An_mlp1_file_predicts_as_its_scaler_and_network_do()
    {
        var scaler = new Scaler(ScalerKind.Standardize, [5.8, 3.0, 3.8, 1.2], [0.8, 0.4, 1.8, 0.75]);
        var net = Init.Network<float>([4, 5, 3], Activation.Relu, Activation.Softmax, Initializer.HeUniform, 2);
        var text = $$"""
            {"format": "mlp/1", "inputs": 4, "loss": "cross-entropy", "classes": ["a", "b", "c"],
             "features": ["w", "x", "y", "z"], "preprocessing": {"kind": "standardize", "mean": [5.8, 3.0, 3.8, 1.2], "scale": [0.8, 0.4, 1.8, 0.75]},
             "layers": [{{Layer(net.Layers[0])}}, {{Layer(net.Layers[1])}}]}
            """;
        var model = ModelJson.ParseText<float>(text).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        var x = Matrix<float>.FromRows([5.1f, 3.5f, 1.4f, 0.2f], [6.7f, 3.0f, 5.2f, 2.3f]);
        Assert.Equal(Network.Predict(net, scaler.Apply(x)), model.Predict(x));
        // Saved again it is an mlp/2 file that predicts the same.
        var again = ModelJson.SerializeText(model).Bind(ModelJson.ParseText<float>).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(model.Predict(x), again.Predict(x));
    }

    private static string Layer(Dense<float> layer) =>
        $"{{\"outputs\": {layer.Out}, \"activation\": \"{layer.Activation.Name()}\", \"weights\": [" +
        string.Join(", ", Enumerable.Range(0, layer.Out).Select(i => "[" + string.Join(", ", layer.Weight.Row(i).ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]")) +
        $"], \"bias\": [{string.Join(", ", layer.Bias.Span.ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]}}";
}
