using System.Globalization;
using Mlp.Data;
using Mlp.Io;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Tables as they come, through the command line: text columns, missing cells, another
/// separator; the task said and why; targets, features and dropped columns by name; what the
/// run filled, dropped and did not know, counted; and a model that reads its columns by name.
/// </summary>
public class CliTables
{
    private static CliRun.Result Ok(CliRun.Result r)
    {
        Assert.True(r.Code == 0, $"exit {r.Code}: {r.Err}");
        return r;
    }

    private static void Refused(CliRun.Result r, string expected)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}; out: {r.Out}; err: {r.Err}");
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    /// <summary>
    /// Shoppers: an id, age (some missing: empty, NA or ?), income, a colour (some missing), and
    /// whether they bought (some missing), separated by semicolons. Buying leans on colour and age.
    /// </summary>
    internal static string Shoppers(int rows, long seed, string[]? colours = null)
    {
        colours ??= ["red", "green", "blue"];
        var s = new Sampler(Rng.FromSeed(seed));
        var lines = new List<string> { "id;age;income;colour;bought" };
        for (var i = 0; i < rows; i++)
        {
            var age = 40 + 12 * s.Normal();
            var income = 50 + 15 * s.Normal();
            var colour = colours[(int)(s.NextDouble() * colours.Length) % colours.Length];
            var score = 0.08 * (age - 40) + (colour == "red" ? 1.5 : colour == "blue" ? -1.5 : 0) + 0.3 * s.Normal();
            var ageCell = s.NextDouble() < 0.1 ? new[] { "", "NA", "?" }[i % 3] : age.ToString("0.0", CultureInfo.InvariantCulture);
            var colourCell = s.NextDouble() < 0.08 ? "" : colour;
            var bought = s.NextDouble() < 0.03 ? "" : score > 0 ? "yes" : "no";
            lines.Add($"{i};{ageCell};{income.ToString("0.00", CultureInfo.InvariantCulture)};{colourCell};{bought}");
        }
        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public void Train_then_predict_on_categorical_and_missing_cells_gives_the_librarys_numbers_bit_for_bit()
    {
        using var dir = new TempDir();
        var csv = dir.File("shoppers.csv");
        File.WriteAllText(csv, Shoppers(240, seed: 5));
        string[] args = ["--data", csv, "--drop", "id", "--hidden", "8", "--epochs", "12", "--seed", "3"];
        var trained = Ok(CliRun.Invoke(["train", .. args, "--out", dir.File("m.json")]));
        Assert.Contains("task: classification: the target bought holds text labels (2 classes) (--task regression to override)", trained.Out);
        Assert.Matches(@"note: \d rows dropped: the target is missing", trained.Out);
        Assert.Matches(@"note: missing cells filled: training: age \d+, colour \d+; validation: age \d+, colour \d+", trained.Out);

        // The library, on the same table: the plan the CLI made, the network after its last epoch.
        var (plan, net) = CliLibrary.Train(args);
        var model = plan.ModelOf(net);
        Assert.Equal(model, ModelFile.Load<float>(dir.File("m.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message)));
        var rows = CsvFile.LoadTable<float>(csv, model.InputOptions()).Match(t => t, e => throw new Xunit.Sdk.XunitException(e.Message));
        var expected = model.Predict(rows).Match(p => p, e => throw new Xunit.Sdk.XunitException(e.Message));

        var predicted = Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", csv, "--proba"));
        var (header, proba) = CliLibrary.Numbers(predicted.Out);
        Assert.Equal(["no", "yes"], header);
        for (var i = 0; i < proba.Rows; i++)
            for (var k = 0; k < 2; k++)
                Assert.Equal(BitConverter.SingleToInt32Bits(expected.Probabilities![i, k]), BitConverter.SingleToInt32Bits(proba[i, k]));
        Assert.Contains("note: columns ignored (not inputs of the model): id, bought", predicted.Err);
        Assert.Matches(@"note: missing cells filled: age \d+, colour \d+", predicted.Err);

        var labels = CliLibrary.Column(Ok(CliRun.Invoke("predict", "--model", dir.File("m.json"), "--data", csv)).Out, "bought");
        Assert.Equal(expected.Labels.Select(k => model.ClassNames[k]), labels);
    }

    [Fact]
    public void The_model_file_keeps_each_columns_encoder_and_the_targets()
    {
        using var dir = new TempDir();
        var csv = dir.File("shoppers.csv");
        File.WriteAllText(csv, Shoppers(120, seed: 6));
        Ok(CliRun.Invoke("train", "--data", csv, "--drop", "id", "--epochs", "2", "--out", dir.File("m.json"), "--quiet"));
        var model = ModelFile.Load<float>(dir.File("m.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(["bought"], model.Targets!.Value.ToArray());
        Assert.Equal(["age", "income", "colour"], model.Inputs.Names.ToArray());
        var colour = Assert.IsType<ColumnEncoder.Categorical>(model.Inputs.Columns[2]);
        Assert.Equal(["blue", "green", "red"], colour.Categories.ToArray()); // sorted
        Assert.NotNull(colour.Impute);
        Assert.NotNull(Assert.IsType<ColumnEncoder.Numeric>(model.Inputs.Columns[0]).Impute);
        Assert.Contains("\"format\": \"mlp/2\"", File.ReadAllText(dir.File("m.json")));
    }

    [Fact]
    public void A_target_on_a_built_in_set_is_a_regression_on_the_other_columns_the_text_one_one_hot()
    {
        using var dir = new TempDir();
        var r = Ok(CliRun.Invoke("train", "--data", "iris", "--target", "petal_width", "--epochs", "3", "--out", dir.File("m.json")));
        Assert.Contains("task: regression: the target petal_width holds numbers with fractions (such as 0.2) (--task classification to override)", r.Out);
        Assert.Contains("RMSE", r.Out);
        var model = ModelFile.Load<float>(dir.File("m.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(TaskKind.Regression, model.Task);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "species=setosa", "species=versicolor", "species=virginica"],
            model.Inputs.InputNames.ToArray());
        Refused(CliRun.Invoke("train", "--data", "iris", "--target", "petal_size"),
            "iris: line 1: no column named \"petal_size\" for the target");
    }

    [Fact]
    public void A_position_names_a_target_and_features_and_drop_choose_the_inputs()
    {
        var byPosition = CliLibrary.Plan("--data", "iris", "--target", "4", "--epochs", "1");
        Assert.Equal(["species"], byPosition.Train.TargetNames.ToArray());
        var some = CliLibrary.Plan("--data", "iris", "--features", "petal_length,petal_width", "--epochs", "1");
        Assert.Equal(["petal_length", "petal_width"], some.Preprocessing.Names.ToArray());
        var fewer = CliLibrary.Plan("--data", "iris", "--drop", "sepal_width", "--epochs", "1");
        Assert.Equal(["sepal_length", "petal_length", "petal_width"], fewer.Preprocessing.Names.ToArray());
    }

    [Fact]
    public void The_task_asked_for_wins_over_the_auto_rule_and_says_nothing()
    {
        using var dir = new TempDir();
        var csv = dir.File("counts.csv");
        File.WriteAllText(csv, "x,y\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i % 7},{i % 3}")) + "\n");
        var auto = Ok(CliRun.Invoke("train", "--data", csv, "--epochs", "1"));
        Assert.Contains("task: classification: the target y holds 3 distinct whole numbers (--task regression to override)", auto.Out);
        var asked = Ok(CliRun.Invoke("train", "--data", csv, "--epochs", "1", "--task", "regression"));
        Assert.DoesNotContain("task:", asked.Out);
        Assert.Contains("loss mse", asked.Out);
    }

    [Fact]
    public void An_unseen_category_in_the_test_file_is_zeros_and_counted_or_with_unknown_error_exit_2()
    {
        using var dir = new TempDir();
        var (train, test) = (dir.File("train.csv"), dir.File("test.csv"));
        File.WriteAllText(train, Shoppers(100, seed: 7));
        File.WriteAllText(test, Shoppers(30, seed: 8, ["red", "green", "purple"]));
        string[] args = ["train", "--data", train, "--test", test, "--drop", "id", "--epochs", "2"];
        var r = Ok(CliRun.Invoke(args));
        Assert.Matches(@"note: rows with a category the training rows never had \(encoded as zeros\): test: colour \d+", r.Out);
        Refused(CliRun.Invoke([.. args, "--unknown", "error"]), "the category \"purple\" was not in the training rows; expected one of: blue, green, red");
    }

    [Fact]
    public void Without_imputation_missing_cells_are_exit_2_listing_them()
    {
        using var dir = new TempDir();
        var csv = dir.File("shoppers.csv");
        File.WriteAllText(csv, Shoppers(200, seed: 9));
        var r = CliRun.Invoke("train", "--data", csv, "--impute", "none");
        Refused(r, "missing cell(s) and no filling asked for (--impute none); expected a value in line ");
        Assert.Matches(@"… \(\d+ in all\); --impute auto fills them", r.Err);
    }

    [Fact]
    public void A_text_column_with_too_many_categories_is_exit_2_suggesting_drop()
    {
        using var dir = new TempDir();
        var csv = dir.File("names.csv");
        File.WriteAllText(csv, "name,x,y\n" + string.Join("\n", Enumerable.Range(0, 150).Select(i => $"n{i},{i % 5},{i % 2}")) + "\n");
        Refused(CliRun.Invoke("train", "--data", csv),
            "column 1 (name) has 120 categories in the training rows, more than the limit of 100; is it an identifier? Leave it out (--drop name)");
        Ok(CliRun.Invoke("train", "--data", csv, "--drop", "name", "--epochs", "1"));
    }

    [Theory]
    [InlineData("--hidden", "8")]
    [InlineData("--activation", "tanh")]
    [InlineData("--init", "xavier-uniform")]
    [InlineData("--loss", "mse")]
    [InlineData("--preprocess", "none")]
    public void A_flag_the_saved_model_overrides_is_exit_2(string flag, string value)
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke("train", "--epochs", "1", "--out", dir.File("m.json"), "--quiet"));
        Refused(CliRun.Invoke("train", "--init-model", dir.File("m.json"), flag, value),
            $"{flag}: a model given by --init-model keeps its own");
    }

    [Fact]
    public void Schedule_flags_without_their_schedule_are_exit_2_and_step_takes_its_period_and_factor()
    {
        Refused(CliRun.Invoke("train", "--warmup", "2"), "--warmup: warms up the cosine schedule only; add --schedule cosine");
        Refused(CliRun.Invoke("train", "--step-every", "2"), "--step-every: sets the step schedule only");
        Refused(CliRun.Invoke("train", "--schedule", "step", "--step-gamma", "2"), "--step-gamma: expected a number in (0, 1], got '2'");
        var plan = CliLibrary.Plan("--schedule", "step", "--step-every", "4", "--step-gamma", "0.5", "--batch-size", "full", "--epochs", "10");
        var rate = (Optim.ScaleByLearningRate)((Optim.Chain)plan.Optimizer).Parts[^1];
        var step = (Optim.StepDecay)((Optim.PerEpoch)rate.Schedule).Inner;
        Assert.Equal((4, 0.5), (step.StepSize, step.Gamma));
    }

    [Fact]
    public void Early_stopping_without_validation_rows_says_it_watches_the_training_loss()
    {
        var r = Ok(CliRun.Invoke("train", "--early-stopping", "3", "--validation", "0", "--epochs", "2"));
        Assert.Contains("note: no validation rows, so early stopping watches the training loss", r.Out);
    }

    [Fact]
    public void Evaluate_finds_the_targets_by_name_in_any_column_order_and_ignores_extra_columns()
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke("train", "--epochs", "5", "--out", dir.File("m.json"), "--quiet"));
        var iris = Csv.Write(BuiltIn.Iris<float>()).TrimEnd('\n').Split('\n');
        // species first, petal columns swapped, a comment column at the end.
        var shuffled = iris.Select(l => l.Split(',')).Select((c, i) => $"{c[4]},{c[0]},{c[1]},{c[3]},{c[2]},{(i == 0 ? "note" : "x")}");
        File.WriteAllLines(dir.File("shuffled.csv"), shuffled);
        File.WriteAllLines(dir.File("plain.csv"), iris);
        var a = Ok(CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", dir.File("shuffled.csv")));
        var b = Ok(CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", dir.File("plain.csv")));
        Assert.Contains("note: columns ignored (not inputs of the model): note", a.Out);
        Assert.Equal(b.Out.Split('\n').Last(l => l.StartsWith("accuracy")), a.Out.Split('\n').Last(l => l.StartsWith("accuracy")));
    }

    [Fact]
    public void Walkthrough_applies_a_models_scaling_to_x_or_says_plainly_that_it_cannot()
    {
        using var dir = new TempDir();
        Ok(CliRun.Invoke("train", "--hidden", "3", "--epochs", "3", "--out", dir.File("iris.json"), "--quiet"));
        var model = ModelFile.Load<double>(dir.File("iris.json")).Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        var input = model.Encode(Matrix<double>.FromRows([5.1, 3.5, 1.4, 0.2]));
        var r = Ok(CliRun.Invoke("walkthrough", "--model", dir.File("iris.json"), "--x", "5.1,3.5,1.4,0.2", "--t", "0"));
        Assert.StartsWith("The model's preprocessing (fitted on its training rows: filling and scaling) turns the raw sample " +
            $"(5.1, 3.5, 1.4, 0.2) into the network's input ({string.Join(", ", input.Row(0).ToArray().Select(v => Math.Round(v, 4).ToString(CultureInfo.InvariantCulture)))})", r.Out);
        var y = Model.Network.Predict(model.Network, input);
        Assert.Contains(Cli.Notation.V(y[0, 0]), r.Out); // the walk starts from the encoded input

        var csv = dir.File("shoppers.csv");
        File.WriteAllText(csv, Shoppers(60, seed: 11));
        Ok(CliRun.Invoke("train", "--data", csv, "--drop", "id", "--hidden", "2", "--epochs", "2", "--out", dir.File("shop.json"), "--quiet"));
        var text = Ok(CliRun.Invoke("walkthrough", "--model", dir.File("shop.json"), "--x", "0,0,1,0,0", "--t", "1"));
        Assert.StartsWith("The model one-hot encodes text columns, which --x cannot give, so its preprocessing is not applied: " +
            "--x is taken as the network's 5 inputs after it (age, income, colour=blue, colour=green, colour=red)", text.Out);
    }
}
