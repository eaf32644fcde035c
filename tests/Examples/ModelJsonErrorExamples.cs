using System.Text;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Tensors;
using Xunit;
using static Mlp.Tests.Examples.ModelFileExamples;

namespace Mlp.Tests.Examples;

/// <summary>
/// Each way a model file can be wrong, made by one edit of the hand-written file, and the
/// exact message the loader gives: the JSON path of the first problem, then what was expected.
/// </summary>
public class ModelJsonErrorExamples
{
    private const string Activations = "identity, sigmoid, tanh, relu, leaky-relu, gelu, softmax";

    [Theory]
    // format and top-level shape
    [InlineData("\"mlp/1\"", "\"mlp/3\"", "$.format: expected \"mlp/2\" (or \"mlp/1\"), got \"mlp/3\"")]
    [InlineData("\"format\": \"mlp/1\",", "", "$.format: missing; expected \"mlp/2\" (or \"mlp/1\") (is this an Mlp model file?)")]
    [InlineData("\"inputs\": 4,", "\"inputs\": 4, \"input\": 4,",
        "$.input: unknown property; known: format, inputs, layers, loss, classes, features, preprocessing")]
    [InlineData("\"inputs\": 4,", "\"inputs\": 4, \"inputs\": 4,", "$.inputs: appears twice")]
    [InlineData("\"inputs\": 4", "\"inputs\": 4.5", "$.inputs: expected a whole number from 1 to 1048576, got 4.5")]
    [InlineData("\"inputs\": 4", "\"inputs\": 2000000", "$.inputs: expected a whole number from 1 to 1048576, got 2000000")]
    [InlineData("\"inputs\": 4", "\"inputs\": \"4\"", "$.inputs: expected a whole number from 1 to 1048576, got \"4\"")]
    // layer shapes
    [InlineData("\"outputs\": 3, \"activation\": \"softmax\"", "\"outputs\": 0, \"activation\": \"softmax\"",
        "$.layers[1].outputs: expected a whole number from 1 to 1048576, got 0")]
    [InlineData("[[1.5, -1.6, 1.7], ", "[", "$.layers[1].weights: expected 3 rows (outputs), got 2")]
    [InlineData("[1.5, -1.6, 1.7]", "[1.5, -1.6]",
        "$.layers[1].weights[0]: expected 3 values (the previous layer's outputs), got 2")]
    [InlineData("[0.5, 0.6, -0.7, 0.8]", "[0.5, 0.6, -0.7, 0.8, 0.9]", "$.layers[0].weights[1]: expected 4 values (the inputs), got 5")]
    [InlineData("[0.25, -0.5, 0.75]", "[0.25, -0.5, 0.75, 1]", "$.layers[1].bias: expected 3 values (outputs), got 4")]
    [InlineData("\"bias\": [0.01, 0.02, 0.03]", "\"bias\": 0.01", "$.layers[0].bias: expected an array of 3 values (outputs), got 0.01")]
    [InlineData(",\n      \"bias\": [0.25, -0.5, 0.75]", "", "$.layers[1].bias: missing; expected 3 values (outputs)")]
    // numbers
    [InlineData("2.6,", "\"abc\",", "$.layers[1].weights[1][1]: expected a finite number, got \"abc\"")]
    [InlineData("2.6,", "null,", "$.layers[1].weights[1][1]: expected a finite number, got null")]
    [InlineData("-0.7", "1e39", "$.layers[0].weights[1][2]: expected a finite number, got 1e39 (beyond the range of float)")]
    [InlineData("0.02", "-1E+400", "$.layers[0].bias[1]: expected a finite number, got -1E+400 (beyond the range of float)")]
    // names
    [InlineData("\"relu\"", "\"swish\"", $"$.layers[0].activation: unknown activation \"swish\"; known: {Activations}")]
    [InlineData("\"cross-entropy\"", "\"hinge\"", "$.loss: unknown loss \"hinge\"; known: mse, cross-entropy, binary-cross-entropy")]
    [InlineData("\"cross-entropy\"", "\"binary-cross-entropy\"",
        "$.loss: binary-cross-entropy does not fit the output layer's softmax activation; it needs sigmoid")]
    [InlineData("\"softmax\"", "\"tanh\"", "$.loss: cross-entropy does not fit the output layer's tanh activation; it needs softmax")]
    [InlineData("\"loss\": \"cross-entropy\",", "", "$.loss: missing; expected one of mse, cross-entropy, binary-cross-entropy")]
    [InlineData("\"versicolor\", ", "", "$.classes: expected 3 names (one per output unit), got 2")]
    [InlineData("\"virginica\"", "\"setosa\"", "$.classes[2]: \"setosa\" appears twice (also at [0])")]
    [InlineData("\"virginica\"", "3", "$.classes[2]: expected a string, got 3")]
    [InlineData("\"petal_width\"", "\"petal_width\", \"x\"", "$.features: expected 4 names (one per input), got 5")]
    // preprocessing
    [InlineData("\"standardize\"", "\"zscore\"", "$.preprocessing.kind: unknown kind \"zscore\"; known: standardize, minmax")]
    [InlineData("[5.8, 3.0, 3.8, 1.2]", "[5.8, 3.0, 3.8]", "$.preprocessing.mean: expected 4 values (one per input), got 3")]
    [InlineData("[0.8, 0.4, 1.8, 0.75]", "[0.8, 0, 1.8, 0.75]", "$.preprocessing.scale[1]: expected a positive number from 1e-30 to 3.4028235e38 (the largest float), got 0")]
    [InlineData("[0.8, 0.4, 1.8, 0.75]", "[0.8, 0.4, 1.8, 1e-45]", "$.preprocessing.scale[3]: expected a positive number from 1e-30 to 3.4028235e38 (the largest float), got 1E-45")]
    [InlineData("[5.8, 3.0, 3.8, 1.2]", "[5.8, 3.0, 1e39, 1.2]", "$.preprocessing.mean[2]: expected a number from -3.4028235e38 to 3.4028235e38 (the float range), got 1E+39")]
    [InlineData("\"kind\": \"standardize\",", "\"kind\": \"standardize\", \"min\": 1,",
        "$.preprocessing.min: unknown property; known: kind, mean, scale")]
    // not JSON
    [InlineData("[0.25, -0.5, 0.75]", "[0.25, -0.5 0.75]",
        "$.layers[1].bias[1]: not valid JSON: '0' is invalid after a value. Expected either ',', '}', or ']' (line 10, byte 27)")]
    [InlineData("\"mlp/1\",", "\"mlp/1\",,", "$.format: not valid JSON: ',' is an invalid start of a property name. Expected a '\"' (line 2, byte 21)")]
    public void Each_problem_is_named_with_its_path(string find, string replace, string expected)
    {
        Assert.Single(Occurrences(HandWritten, find)); // the edit is where the test says it is
        Assert.Equal(expected, ErrorOf(ModelJson.ParseText<float>(HandWritten.Replace(find, replace))));
    }

    private static IEnumerable<int> Occurrences(string text, string find)
    {
        for (var at = text.IndexOf(find, StringComparison.Ordinal); at >= 0; at = text.IndexOf(find, at + 1, StringComparison.Ordinal))
            yield return at;
    }

    [Theory]
    [InlineData("", "$: the file is empty; expected a JSON object with \"format\": \"mlp/2\"")]
    [InlineData(" \n\t", "$: the file is empty; expected a JSON object with \"format\": \"mlp/2\"")]
    [InlineData("[1, 2]", "$: expected an object, got an array of 2")]
    [InlineData("{\"format\": \"mlp/1\"", "$.format: not valid JSON: Expected depth to be zero at the end of the JSON payload. "
        + "There is an open JSON object or array that should be closed (line 1, byte 19)")]
    [InlineData("{\"format\": \"mlp/1\"} {}", "$: not valid JSON: '{' is invalid after a single JSON value. Expected end of data (line 1, byte 21)")]
    [InlineData("{\"format\": \"mlp/1\", \"inputs\": 1, \"layers\": []}", "$.layers: expected 1 to 1000 layers, got 0")]
    public void Files_that_are_not_models(string text, string expected) =>
        Assert.Equal(expected, ErrorOf(ModelJson.ParseText<double>(text)));

    [Fact]
    public void Sizes_are_checked_before_any_weight_is_read()
    {
        // 2000 × 2001 + 60000 × 2001 parameters: refused at the second layer's width, although no weights follow
        const string text = """{"format": "mlp/1", "inputs": 2000, "layers": [{"outputs": 2000}, {"outputs": 60000}]}""";
        Assert.Equal("$.layers[1].outputs: 60000 units bring the network to 124062000 parameters (weights and biases), "
            + "above the limit of 100000000", ErrorOf(ModelJson.ParseText<float>(text)));

        var tooDeep = $$"""{"format": "mlp/1", "inputs": 1, "layers": [{{string.Join(", ", Enumerable.Repeat("{\"outputs\": 1}", 1001))}}]}""";
        Assert.Equal("$.layers: expected 1 to 1000 layers, got 1001", ErrorOf(ModelJson.ParseText<float>(tooDeep)));
    }

    [Fact]
    public void A_number_too_large_for_float_loads_as_double()
    {
        var text = HandWritten.Replace("-0.7", "1e39");
        Assert.True(ModelJson.ParseText<double>(text).IsSucc);
        Assert.StartsWith("$.layers[0].weights[1][2]: expected a finite number", ErrorOf(ModelJson.ParseText<float>(text)));
    }

    [Fact]
    public void Classes_for_one_sigmoid_output_are_two()
    {
        const string layer = """{"format": "mlp/1", "inputs": 1, "layers": [{"outputs": 1, "activation": "ACT", "weights": [[1]], "bias": [0]}]""";
        var sigmoid = layer.Replace("ACT", "sigmoid") + """, "loss": "binary-cross-entropy", "classes": CLASSES}""";
        Assert.True(ModelJson.ParseText<float>(sigmoid.Replace("CLASSES", "[\"no\", \"yes\"]")).IsSucc);
        Assert.Equal("$.classes: expected 2 names (two classes for one sigmoid output unit), got 1",
            ErrorOf(ModelJson.ParseText<float>(sigmoid.Replace("CLASSES", "[\"yes\"]"))));
        Assert.Equal("$.classes: a single identity output unit cannot tell classes apart; expected null (a regression model), "
            + "or a sigmoid output with 2 classes",
            ErrorOf(ModelJson.ParseText<float>(layer.Replace("ACT", "identity") + """, "loss": "mse", "classes": ["a", "b"]}""")));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_named()
    {
        var bytes = Encoding.UTF8.GetBytes(HandWritten.Replace("versicolor", "versicolXr"));
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        Assert.Equal("$.classes[1]: expected a string, got text that is not valid UTF-8", ErrorOf(ModelJson.Parse<float>(bytes)));
    }

    [Fact]
    public void Saving_what_JSON_cannot_hold_names_the_value()
    {
        var net = new Network<double>(new Dense<double>(Matrix<double>.FromRows([1.0], [2.0]), Matrix<double>.FromRows([0.0, 0.0]),
            Activation.Softmax));
        var halfPair = new TrainedModel<double>(net, Loss.CrossEntropy, ["ok", "bad\ud800"], null, null);
        Assert.Equal("$.classes[1]: cannot save a name that is not valid Unicode text (it holds half a surrogate pair)",
            ErrorOf(ModelJson.Serialize(halfPair)));

        var infinite = new TrainedModel<double>(net, Loss.Mse, null, ["x"],
            new Scaler(ScalerKind.MinMax, [double.NegativeInfinity], [1.0]));
        Assert.Equal("$.columns[0].mean: cannot save -Infinity: a model file holds finite numbers only (did training diverge?)",
            ErrorOf(ModelJson.Serialize(infinite)));
    }

    [Fact]
    public void A_fashion_mnist_sized_model_round_trips()
    {
        var net = Init.Network<float>([784, 256, 128, 10], Activation.Relu, Activation.Softmax, Initializer.HeUniform, seed: 7);
        var model = new TrainedModel<float>(net, Loss.CrossEntropy, null, null, null);
        var back = ModelJson.Serialize(model).Match(bytes => ModelJson.Parse<float>(bytes), e => e);
        Assert.Equal(model, back.Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message)));
    }
}
