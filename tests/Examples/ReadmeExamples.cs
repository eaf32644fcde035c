using LanguageExt;
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

/// <summary>The README's "library in one screen", line for line, so that it keeps compiling and keeps its word.</summary>
public class ReadmeExamples
{
    [Fact]
    public void The_library_in_one_screen()
    {
        using var dir = new TempDir();
        var log = new StringWriter();

        var iris = BuiltIn.Iris<float>();                                    // 150 × 4, classes setosa/versicolor/virginica
        var (train, test) = Split.TrainTest(iris, 0.3, seed: 7);             // seeded, stratified
        var options = FitOptions.Defaults with { Hidden = [16], Epochs = 100, Seed = 7, Validation = 0.2, EarlyStopping = 10 };
        var fitted = Fitting.Fit(train, options).ThrowIfFail();              // holds out validation rows, fits the scaler on the rest, trains
        foreach (var r in fitted.Reports)
            log.WriteLine($"{r.Epoch}: loss {r.TrainLoss:F4}, val {r.ValidAccuracy:P1}, lr {r.LearningRate}");
        var model = fitted.Model;                                            // scaler + network + class, feature and target names + task
        var scores = model.Evaluate(test).ThrowIfFail();                     // accuracy, per-class P/R/F1, confusion matrix
        var species = model.Classify(test.Features).Select(k => model.ClassNames[k]);  // raw rows in, class names out
        ModelFile.Save(dir.File("iris.json"), model).ThrowIfFail();          // mlp/2, written under a temporary name and renamed

        File.WriteAllText(dir.File("shoppers.csv"), CliTables.Shoppers(200, seed: 1));
        var table = CsvFile.LoadTable<float>(dir.File("shoppers.csv"), CsvOptions.Default with { Drop = ["id"] }).ThrowIfFail();
        var shop = Fitting.Fit(table, FitOptions.Defaults).ThrowIfFail();    // targets decided (shop.Plan.Notes says how), encoders fitted on training rows
        var answers = shop.Model.Predict(table).ThrowIfFail();               // Labels, Probabilities, and what was filled or unseen
        Assert.Equal(["age", "income", "colour"], shop.Model.Inputs.Names.ToArray());
        Assert.Equal(table.Rows, answers.Labels.Length);
        Assert.StartsWith("classification: the target bought", shop.Plan.Notes.Task);

        Assert.True(scores.Classification!.Accuracy >= 0.9, $"accuracy {scores.Classification.Accuracy}");
        Assert.Equal(test.Rows, species.Count());
        Assert.Equal(fitted.Reports.Length, log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(model, ModelFile.Load<float>(dir.File("iris.json")).ThrowIfFail() with { Targets = model.Targets });

        // The same pieces by hand, with the pure functions underneath:
        var net = Init.Network<float>([4, 16, 3], Activation.Relu, Activation.Softmax, Initializer.HeUniform, seed: 7);
        var x = model.Encode(train.Features);                                // the model's scaler, applied
        var trace = Network.Forward(net, x);                                 // every Z and A
        var grads = Grad.Backward(net, trace, train.Targets, Loss.CrossEntropy);  // shaped like net.Params
        var next = GradientDescent.Step(net, grads, 0.1f);                   // a new network; net is unchanged
        var reports = Trainer.Train(next, Optimizers.Adam(0.01), train with { Features = x },
            new TrainConfig(Loss.CrossEntropy, Epochs: 5, BatchSize: 16, Seed: 7) { Parallelism = new Parallelism(threads: 1) });
        var small = Init.Network<double>([4, 5, 3], Activation.Tanh, Activation.Softmax, Initializer.XavierUniform, seed: 1);
        var check = GradCheck.Run(small, Matrix<double>.FromRows([0.1, 0.2, 0.3, 0.4]), Matrix<double>.FromRows([0.0, 1, 0]),
            Loss.CrossEntropy);                                              // worst relative error per layer, in double

        Assert.NotEqual(net, next);
        Assert.Equal(5, reports.Count());
        Assert.True(check.Passes(1e-6), $"worst relative error {check.WorstError}");
    }
}
