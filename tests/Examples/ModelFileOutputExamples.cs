using System.Text;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Serialization;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// What a model file may hold and what comes out of it (issue 11, items 2 and 3): nothing gives a
/// NaN prediction with exit 0 (preprocessing that could only give NaN is refused on load; a row
/// that overflows is exit 1, naming its line); a leading byte-order mark is read in model and
/// checkpoint files, as in CSV.
/// </summary>
public class ModelFileOutputExamples
{
    // y = w·x with one weight: 3e38 is a float, 2 × 3e38 is not.
    private static string Regression(string weight, string scale = "1") => $$"""
        {"format": "mlp/2", "task": "regression", "targets": ["y"], "classes": null,
         "columns": [{"name": "x", "kind": "numeric", "mean": 0, "scale": {{scale}}}], "inputs": 1,
         "layers": [{"outputs": 1, "activation": "identity", "weights": [[{{weight}}]], "bias": [0]}], "loss": "mse"}
        """;

    private static (TempDir Dir, string Model, string Csv) Files(string model)
    {
        var dir = new TempDir();
        File.WriteAllText(dir.File("m.json"), model);
        File.WriteAllText(dir.File("rows.csv"), "x,y\n1,3\n2,6\n0.5,1.5\n");
        return (dir, dir.File("m.json"), dir.File("rows.csv"));
    }

    [Fact]
    public void Predict_and_evaluate_exit_1_naming_the_first_row_whose_output_overflows()
    {
        var (dir, model, csv) = Files(Regression("3e38"));
        using var _ = dir;
        var expected = $"{csv}: line 3: the model's output for this row is Infinity, not a finite number";

        var predicted = CliRun.Invoke("predict", "--model", model, "--data", csv, "--out", dir.File("p.csv"));
        Assert.True(predicted.Code == 1, $"exit {predicted.Code}: {predicted.Err}");
        Assert.Contains($"mlp: predict: {expected}", predicted.Err);
        Assert.Contains("nothing written", predicted.Err);
        Assert.False(File.Exists(dir.File("p.csv")));
        Assert.Equal("", CliRun.Invoke("predict", "--model", model, "--data", csv).Out); // nor to standard output

        var evaluated = CliRun.Invoke("evaluate", "--model", model, "--data", csv);
        Assert.True(evaluated.Code == 1, $"exit {evaluated.Code}: {evaluated.Err}");
        Assert.Contains($"mlp: evaluate: {expected}", evaluated.Err);

        // the same model with a weight that does not overflow predicts as usual
        File.WriteAllText(model, Regression("3"));
        Assert.Equal("y\n3\n6\n1.5\n", CliRun.Invoke("predict", "--model", model, "--data", csv).Out);
        Assert.Equal(0, CliRun.Invoke("evaluate", "--model", model, "--data", csv).Code);
    }

    [Fact]
    public void A_scale_that_could_only_give_nan_is_refused_on_load()
    {
        // with scale 1e-45, every row's input became ±∞ and its prediction NaN, with exit 0
        var (dir, model, csv) = Files(Regression("3", scale: "1e-45"));
        using var _ = dir;
        var r = CliRun.Invoke("predict", "--model", model, "--data", csv);
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.Contains($"{model}: $.columns[0].scale: expected a positive number from 1e-30", r.Err);
        Assert.Equal("", r.Out);
    }

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Fact]
    public void A_model_file_that_starts_with_a_byte_order_mark_predicts()
    {
        var (dir, model, csv) = Files(Regression("3"));
        using var _ = dir;
        File.WriteAllBytes(model, [.. Bom, .. Encoding.UTF8.GetBytes(Regression("3"))]);
        var r = CliRun.Invoke("predict", "--model", model, "--data", csv);
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("y\n3\n6\n1.5\n", r.Out);
    }

    [Fact]
    public void A_checkpoint_that_starts_with_a_byte_order_mark_loads()
    {
        using var dir = new TempDir();
        var net = Init.Network<float>([2, 3, 1], Activation.Tanh, Activation.Sigmoid, Initializer.XavierUniform, 4);
        var state = Trainer.Start(net, Optimizers.Adam(0.01), new TrainConfig(Loss.BinaryCrossEntropy, Epochs: 3, BatchSize: 2));
        var bytes = CheckpointJson.Serialize(state, Loss.BinaryCrossEntropy).Match(b => b, e => throw new Xunit.Sdk.XunitException(e.Message));
        File.WriteAllBytes(dir.File("c.json"), [.. Bom, .. bytes]);
        var (back, loss) = CheckpointFile.Load<float>(dir.File("c.json")).Match(s => s, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(state, back);
        Assert.Equal(Loss.BinaryCrossEntropy, loss);
    }
}
