using System.Text;
using Mlp.Data;
using Mlp.Io;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Networks over a model file's limits (issue 11, item 1) are refused before training with exit 2,
/// naming the limit: <c>--hidden 46341,46341</c> used to end in an OverflowException, and
/// <c>--hidden 10000,10000</c> trained for 49 s on 10 GB only to fail to save.
/// </summary>
public class ModelLimitsExamples
{
    [Fact]
    public void The_limit_is_the_model_files_and_holds_to_the_parameter()
    {
        Assert.Equal(ModelJson.MaxParameters, ModelLimits.MaxParameters);
        Assert.Equal(ModelJson.MaxWidth, ModelLimits.MaxWidth);
        Assert.Equal(ModelJson.MaxLayers, ModelLimits.MaxLayers);
        // 99 inputs (+1 bias) × 1,000,000 units is exactly 10⁸ parameters; one input more is over
        Assert.Null(ModelLimits.Problem([99, 1_000_000], "n"));
        Assert.Equal("n has 101000000 weights and biases; a model file holds at most 100000000", ModelLimits.Problem([100, 1_000_000], "n"));
        Assert.Equal($"n has a layer of {(1 << 20) + 1} units; a model file holds 1 to {1 << 20} per layer", ModelLimits.Problem([1, (1 << 20) + 1, 1], "n"));
        Assert.Equal("n has 1001 layers; a model file holds at most 1000", ModelLimits.Problem(Enumerable.Repeat(1, 1002).ToArray(), "n"));
        // widths at the limit everywhere: the count must not overflow, only be too large
        Assert.Contains("weights and biases", ModelLimits.Problem(Enumerable.Repeat(1 << 20, 1001).ToArray(), "n"));
    }

    [Theory]
    [InlineData("46341,46341", "a network with hidden layers 46341 → 46341 has 2147673646 weights and biases")]
    [InlineData("10000,10000", "a network with hidden layers 10000 → 10000 has 100040001 weights and biases")]
    [InlineData("2000000", "a network with hidden layers 2000000 has a layer of 2000000 units; a model file holds 1 to 1048576 per layer")]
    public void Hidden_layers_no_data_could_fit_are_refused_naming_the_limit(string hidden, string expected)
    {
        using var dir = new TempDir();
        var r = CliRun.Invoke("train", "--data", "digits", "--hidden", hidden, "--out", dir.File("m.json"));
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.Contains($"mlp: --hidden: {expected}", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.DoesNotContain("epoch", r.Out);
        Assert.Empty(dir.Files());
        // the library says the same to a caller who skips the command line
        var planned = Fitting.Plan(BuiltIn.Iris<float>(), FitOptions.Defaults with { Hidden = [.. hidden.Split(',').Select(int.Parse)] });
        Assert.Contains(expected, planned.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Many_classes_behind_a_wide_layer_are_refused_before_training()
    {
        // 1 input → 100,000 hidden units fits; 1,000 classes after them do not (100,201,000 parameters)
        using var dir = new TempDir();
        var csv = new StringBuilder("x,label\n");
        for (var i = 0; i < 1000; i++) csv.Append($"{i},c{i}\n");
        File.WriteAllText(dir.File("classes.csv"), csv.ToString());
        var r = CliRun.Invoke("train", "--data", dir.File("classes.csv"), "--hidden", "100000", "--validation", "0", "--out", dir.File("m.json"));
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.Contains("classes.csv: the network 1 → 100000 → 1000 has 100201000 weights and biases; a model file holds at most 100000000 " +
            "(1 encoded inputs, 1000 outputs)", r.Err);
        Assert.DoesNotContain("epoch", r.Out);
        Assert.Single(dir.Files());
    }

    [Fact]
    public void A_small_file_claiming_a_wide_layer_is_refused_before_its_buffer_is_made()
    {
        // 95 empty rows of 2²⁰ inputs: 99,614,815 parameters, within the limit, in 438 bytes; the
        // loader made the 400 MB buffer (800 MB as double) before finding row 0 empty
        var rows = string.Join(",", Enumerable.Repeat("[]", 95));
        var text = Encoding.UTF8.GetBytes("{\"format\":\"mlp/2\",\"task\":\"regression\",\"inputs\":1048576,\"columns\":[]," +
            $"\"layers\":[{{\"outputs\":95,\"activation\":\"identity\",\"weights\":[{rows}],\"bias\":[]}}],\"loss\":\"mse\"}}");
        Assert.Equal(438, text.Length);
        _ = ModelJson.Parse<double>(text); // the first call builds statics
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ModelJson.Parse<double>(text).Match(_ => "", e => e.Message);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("$.layers[0].weights[0]: expected 1048576 values (the inputs), got 0", error);
        Assert.True(allocated < 100_000, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Wide_inputs_behind_a_wide_layer_are_refused_by_the_library()
    {
        // 2,000 inputs × 50,000 units: the hidden layers alone fit, the data's width does not
        var s = new Sampler(Rng.FromSeed(3));
        var data = new Dataset<float>("wide", Matrix<float>.Build(4, 2000, (_, _) => (float)s.NextDouble()),
            [.. Enumerable.Range(0, 2000).Select(j => $"x{j}")], Matrix<float>.Build(4, 1, (i, _) => i), ["y"], [], []);
        Assert.True((FitOptions.Defaults with { Hidden = [50_000] }).Validate().IsSuccess);
        var error = Fitting.Plan(data, FitOptions.Defaults with { Hidden = [50_000], Validation = 0 }).Match(_ => "", e => e.Message);
        Assert.Equal("wide: the network 2000 → 50000 → 1 has 100100001 weights and biases; a model file holds at most 100000000 " +
            "(2000 encoded inputs, 1 outputs)", error);
    }
}
