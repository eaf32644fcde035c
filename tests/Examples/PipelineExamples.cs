using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// The whole path from a raw table to answers as one library value: fit on a table, then
/// predict, give probabilities, classify and score raw rows, with no arithmetic by hand.
/// </summary>
public class PipelineExamples
{
    private static Fitted<float> FitIris(FitOptions? options = null) =>
        Fitting.Fit(BuiltIn.Iris<float>(), options ?? FitOptions.Defaults with { Epochs = 40 })
            .Match(f => f, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public void A_fitted_model_holds_the_preprocessing_network_names_and_task()
    {
        var iris = BuiltIn.Iris<float>();
        var fitted = FitIris();
        var model = fitted.Model;
        Assert.Equal(TaskKind.Classification, model.Task);
        Assert.Equal(iris.Classes.ToArray(), model.Classes!.Value.ToArray());
        Assert.Equal(iris.FeatureNames.ToArray(), model.Features!.Value.ToArray());
        Assert.Equal(["species"], model.Targets!.Value.ToArray());
        var scaler = Scaler.Fit(ScalerKind.Standardize, iris.SelectRows([.. fitted.Plan.TrainRows]));
        var columns = model.Inputs.Columns.Cast<ColumnEncoder.Numeric>().ToArray();
        Assert.Equal(scaler.Mean.ToArray(), columns.Select(c => c.Mean));
        Assert.Equal(scaler.Scale.ToArray(), columns.Select(c => c.Scale));
        Assert.Equal(40, fitted.Reports.Length);
        Assert.Equal(fitted.Reports[^1].Network, model.Network);
    }

    [Fact]
    public void The_model_answers_raw_rows_with_its_own_preprocessing()
    {
        var iris = BuiltIn.Iris<float>();
        var model = FitIris().Model;
        var raw = iris.Features;
        var y = Network.Predict(model.Network, model.Encode(raw));
        Assert.Equal(y, model.Predict(raw));
        Assert.Equal(y, model.Probabilities(raw));
        Assert.Equal(OneHot.Decode(y), model.Classify(raw).ToArray());
        Assert.True(Metrics.Accuracy(iris.Labels, model.Classify(raw)) >= 0.9);
        for (var i = 0; i < raw.Rows; i++) Assert.Equal(1f, model.Probabilities(raw).Row(i).ToArray().Sum(), 5);
    }

    [Fact]
    public void A_two_class_model_gives_both_probabilities_from_its_one_sigmoid_unit()
    {
        var xor = BuiltIn.Xor<float>();
        var fitted = Fitting.Fit(xor, FitOptions.Defaults with { Hidden = [4], Epochs = 200, LearningRate = 0.05 })
            .Match(f => f, e => throw new Xunit.Sdk.XunitException(e.Message));
        var model = fitted.Model;
        Assert.Equal((1, Activation.Sigmoid, Loss.BinaryCrossEntropy), (model.Network.Outputs, model.Network.OutputActivation, model.Loss));
        var p = model.Predict(xor.Features);
        var proba = model.Probabilities(xor.Features);
        for (var i = 0; i < xor.Rows; i++) Assert.Equal([1f - p[i, 0], p[i, 0]], proba.Row(i).ToArray());
        Assert.Equal(xor.Labels.ToArray(), model.Classify(xor.Features).ToArray());
        var evaluation = model.Evaluate(xor).Match(e => e, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(1.0, evaluation.Classification!.Accuracy);
        Assert.Equal(4, evaluation.Classification.Confusion[0, 0] + evaluation.Classification.Confusion[1, 1]);
    }

    [Fact]
    public void Evaluate_scores_a_regression_model_per_output()
    {
        var iris = BuiltIn.Iris<float>();
        var rows = iris with { Targets = Matrix<float>.Build(iris.Rows, 1, (i, _) => iris.Features[i, 3]),
            TargetNames = ["petal_width"], Classes = [], Labels = [],
            Features = Matrix<float>.Build(iris.Rows, 3, (i, j) => iris.Features[i, j]), FeatureNames = iris.FeatureNames[..3] };
        var model = Fitting.Fit(rows, FitOptions.Defaults with { Epochs = 60 }).Match(f => f.Model, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(TaskKind.Regression, model.Task);
        Assert.Throws<InvalidOperationException>(() => model.Classify(rows.Features));
        var e = model.Evaluate(rows).Match(e => e, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Null(e.Classification);
        var score = e.Regression!.PerOutput.Single();
        Assert.Equal("petal_width", score.Output);
        Assert.Equal(Math.Sqrt(score.Mse), score.Rmse);
        Assert.True(score.R2 > 0.8, $"R² {score.R2}");
        Assert.Equal(e.Loss, 0.5 * score.Mse, 4); // the mse loss has the seed's ½
    }

    [Fact]
    public void A_model_continued_from_a_file_keeps_its_layers_and_preprocessing()
    {
        var first = FitIris(FitOptions.Defaults with { Epochs = 5 }).Model;
        var again = Fitting.Fit(BuiltIn.Iris<float>(), FitOptions.Defaults with { Epochs = 5, Hidden = [3] }, start: first)
            .Match(f => f.Model, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(first.Network.Sizes.ToArray(), again.Network.Sizes.ToArray());
        Assert.Equal(first.Inputs, again.Inputs);
        Assert.NotEqual(first.Network, again.Network);
    }

    [Fact]
    public void Options_out_of_range_are_an_error_listing_each_not_an_exception()
    {
        var error = Fitting.Plan(BuiltIn.Iris<float>(), FitOptions.Defaults with { Epochs = 0, LearningRate = -1, Hidden = [0] })
            .Match(_ => "", e => e.Message);
        Assert.Equal("hidden layer widths must be ≥ 1, got [0]; the learning rate must be a positive number, got -1; " +
            "epochs must be ≥ 1, got 0", error);
    }

    [Fact]
    public void A_full_batch_epoch_is_one_step_of_the_schedule()
    {
        var plan = Fitting.Plan(BuiltIn.Iris<float>(), FitOptions.Defaults with { BatchSize = null, Schedule = ScheduleKind.Step })
            .Match(p => p, e => throw new Xunit.Sdk.XunitException(e.Message));
        var rate = (ScaleByLearningRate)((Chain)plan.Optimizer).Parts[^1];
        Assert.Equal(1, ((PerEpoch)rate.Schedule).StepsPerEpoch);
    }

    [Fact]
    public void A_test_set_with_other_columns_is_an_error_before_training()
    {
        var error = Fitting.Plan(BuiltIn.Iris<float>(), FitOptions.Defaults, test: BuiltIn.Xor<float>()).Match(_ => "", e => e.Message);
        Assert.Equal("xor: no column named \"sepal_length\", an input column of iris; the test rows have the columns x1, x2, y", error);
    }

    [Fact]
    public void Data_that_does_not_fit_the_model_is_an_error_naming_the_column()
    {
        var model = FitIris(FitOptions.Defaults with { Epochs = 1 }).Model;
        var error = model.Evaluate(BuiltIn.Xor<float>()).Match(_ => "", e => e.Message);
        Assert.Equal("xor: line 1: no column named \"sepal_length\" for the model's input column 1; the columns are: x1, x2, y", error);
    }
}

/// <summary>Shapes are checked where a layer is made and where data meets a network, and the message names the layer.</summary>
public class ShapeCheckExamples
{
    private static Network<float> Net() =>
        Init.Network<float>([4, 16, 3], Activation.Relu, Activation.Softmax, Initializer.HeUniform, 1);

    [Fact]
    public void A_dense_layer_with_mismatched_shapes_cannot_be_made()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new Dense<float>(Matrix<float>.Zeros(16, 4), Matrix<float>.Zeros(1, 15), Activation.Relu));
        Assert.Equal("Dense 4 → 16: the bias must be 1×16 (one per output), got 1×15", e.Message);
        // Nor changed into one: the weight and bias have no setter for `with` to use.
        Assert.Null(typeof(Dense<float>).GetProperty(nameof(Dense<float>.Weight))!.SetMethod);
        Assert.Null(typeof(Dense<float>).GetProperty(nameof(Dense<float>.Bias))!.SetMethod);
    }

    [Fact]
    public void Layers_that_do_not_chain_are_named_with_both_sizes()
    {
        var a = new Dense<float>(Matrix<float>.Zeros(16, 4), Matrix<float>.Zeros(1, 16), Activation.Relu);
        var b = new Dense<float>(Matrix<float>.Zeros(3, 8), Matrix<float>.Zeros(1, 3), Activation.Softmax);
        var e = Assert.Throws<ArgumentException>(() => new Network<float>(a, b));
        Assert.Equal("layer 2 (Dense 8 → 3, softmax) expects 8 inputs, but layer 1 (Dense 4 → 16, relu) has 16 outputs", e.Message);
    }

    [Fact]
    public void Training_checks_the_datas_columns_before_any_work()
    {
        var blobs = TrainerExamples.Blobs(30, 1); // 2 inputs, 3 classes
        var config = new TrainConfig(Loss.CrossEntropy, Epochs: 1);
        // Thrown by the call itself, before a single epoch is enumerated.
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(Net(), Optimizers.Adam(0.01), blobs, config));
        Assert.Equal("layer 1 (Dense 4 → 16, relu) expects 4 inputs, but the training data has 2 columns", e.Message);
        var wide = Init.Network<float>([2, 16, 4], Activation.Relu, Activation.Softmax, Initializer.HeUniform, 1);
        e = Assert.Throws<ArgumentException>(() => Trainer.Train(wide, Optimizers.Adam(0.01), blobs, config));
        Assert.Equal("layer 2 (Dense 16 → 4, softmax) has 4 outputs, but the targets of the training data have 3 columns", e.Message);
    }

    [Fact]
    public void Prediction_checks_the_columns_and_names_the_layer()
    {
        var e = Assert.Throws<ArgumentException>(() => Network.Predict(Net(), Matrix<float>.Zeros(5, 3)));
        Assert.Equal("layer 1 (Dense 4 → 16, relu) expects 4 inputs, but the batch has 3 columns", e.Message);
        e = Assert.Throws<ArgumentException>(() => Trainer.Step(Net(), Optimizers.Sgd(0.1).Init(Net().Params), Optimizers.Sgd(0.1),
            Matrix<float>.Zeros(5, 4), Matrix<float>.Zeros(5, 2), Loss.CrossEntropy));
        Assert.Equal("layer 2 (Dense 16 → 3, softmax) has 3 outputs, but the targets of the batch have 2 columns", e.Message);
    }
}
