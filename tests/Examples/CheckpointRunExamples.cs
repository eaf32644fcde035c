using System.Text;
using System.Text.Json.Nodes;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;
using static Mlp.Tests.Examples.ModelFileExamples;

namespace Mlp.Tests.Examples;

/// <summary>
/// <c>mlp-checkpoint/2</c> as the library has it: a plan resumed from a checkpoint value (through
/// its JSON) ends where the plan run straight ends, with its preprocessing; <c>run</c> and a
/// <c>best</c> of <c>null</c>; <c>mlp-checkpoint/1</c> files still load; a damaged run record is
/// named by its JSON path.
/// </summary>
public class CheckpointRunExamples
{
    private static T Get<T>(LanguageExt.Fin<T> fin) => fin.Match(v => v, e => throw new Xunit.Sdk.XunitException(e.Message));

    private static readonly Table<float> Shoppers =
        Get(Csv.ReadTable<float>(CliTables.Shoppers(200, seed: 8), "shoppers", CsvOptions.Default with { Drop = ["id"] }));

    private static FitPlan<float> Plan(int epochs) =>
        Get(Fitting.Plan(Shoppers, FitOptions.Defaults with { Hidden = [6], Epochs = epochs, Seed = 2, Validation = 0.25, Optimizer = OptimizerKind.Nesterov }));

    private static Checkpoint<float> AfterFive()
    {
        var five = Plan(5);
        var last = Trainer.EpochsOf(five.Run()).Last();
        return five.CheckpointAt(last.State, Resuming.Record(five));
    }

    private static string Json(Checkpoint<float> c) => Encoding.UTF8.GetString(Get(CheckpointJson.Serialize(c)));

    [Fact]
    public void A_plan_resumed_from_a_checkpoint_value_ends_where_the_plan_run_straight_ends()
    {
        var checkpoint = Get(CheckpointJson.ParseCheckpoint<float>(Encoding.UTF8.GetBytes(Json(AfterFive()))));
        Assert.Equal(AfterFive(), checkpoint); // the run record, the model's encoders, classes and targets come back
        Assert.Contains(checkpoint.Model.Inputs.Columns, c => c is ColumnEncoder.Categorical { Categories.Length: 3 });

        var ten = Plan(10);
        var resumed = Get(ten.Resume(checkpoint));
        var reports = Trainer.EpochsOf(resumed.Run()).ToList();
        var straight = Trainer.EpochsOf(ten.Run()).ToList();
        Assert.Equal([6, 7, 8, 9, 10], reports.Select(r => r.Epoch));
        Assert.Equal(straight[^1].State, reports[^1].State);
        Assert.Equal(straight.Skip(5).Select(r => r.ValidLoss), reports.Select(r => r.ValidLoss));
        Assert.Equal(ten.ModelOf(ten.Final(straight[^1], false)), resumed.ModelOf(resumed.Final(reports[^1], false)));
    }

    [Fact]
    public void A_plan_names_what_differs_from_another_runs_checkpoint()
    {
        var checkpoint = AfterFive();
        string ErrorWith(FitOptions o) => ErrorOf(Get(Fitting.Plan(Shoppers, o)).Resume(checkpoint));
        var options = Plan(10).Options;
        Assert.Equal("(no error)", ErrorWith(options));
        Assert.StartsWith("the checkpoint was made by another run (on shoppers): --momentum 0.5 here, 0.9 in the checkpoint; " +
            "--clip-norm 1 here, none in the checkpoint (", ErrorWith(options with { Momentum = 0.5, ClipNorm = 1 }));
        Assert.Equal("--epochs 4: the checkpoint has 5 epochs done; expected 5 or more", ErrorWith(options with { Epochs = 4 }));
        Assert.Equal("(no error)", ErrorWith(options with { Epochs = 7, Parallelism = Parallelism.Sequential }));
        Assert.StartsWith("the checkpoint does not say which data and options made it", ErrorOf(Plan(10).Resume(checkpoint with { Run = null })));
    }

    [Fact]
    public void Best_is_null_when_it_is_the_network_and_the_first_format_still_loads()
    {
        var net = Init.Network<float>([3, 4, 2], Activation.Tanh, Activation.Softmax, Initializer.XavierUniform, seed: 4);
        var state = Trainer.Start(net, Optimizers.Momentum(0.1), new TrainConfig(Loss.CrossEntropy, 3)) with { Epoch = 2, BestEpoch = 2, BestLoss = 0.5 };
        var text = Encoding.UTF8.GetString(Get(CheckpointJson.Serialize(state, Loss.CrossEntropy)));
        var root = JsonNode.Parse(text)!.AsObject();
        Assert.Null(root["best"]);
        Assert.Null(root["run"]);
        var back = Get(CheckpointJson.ParseCheckpoint<float>(Encoding.UTF8.GetBytes(text)));
        Assert.Same(back.State.Network, back.State.Best);
        Assert.Equal(state, back.State);

        // mlp-checkpoint/1: no run, and the best network written out.
        root["format"] = "mlp-checkpoint/1";
        root.Remove("run");
        root["best"] = root["network"]!.DeepClone();
        var first = Get(CheckpointJson.ParseCheckpoint<float>(Encoding.UTF8.GetBytes(root.ToJsonString())));
        Assert.Equal(state, first.State);
        Assert.Null(first.Run);
        root["run"] = null;
        Assert.Equal("$.run: unknown property; known: format, epoch, rng, bestEpoch, bestLoss, network, best, optimizer",
            ErrorOf(CheckpointJson.Parse<float>(Encoding.UTF8.GetBytes(root.ToJsonString()))));
    }

    private static string ErrorAfter(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Json(AfterFive()))!.AsObject();
        edit(root);
        return ErrorOf(CheckpointJson.Parse<float>(Encoding.UTF8.GetBytes(root.ToJsonString())));
    }

    [Fact]
    public void A_damaged_run_record_is_named_by_its_path()
    {
        const string hex = "expected a SHA-256 fingerprint (64 lowercase hexadecimal digits)";
        Assert.Equal($"$.run.start: {hex}, got \"ABC\"", ErrorAfter(r => r["run"]!["start"] = "ABC"));
        Assert.Equal($"$.run.train.fingerprint: missing; {hex}", ErrorAfter(r => r["run"]!["train"]!.AsObject().Remove("fingerprint")));
        Assert.Equal("$.run.validation.rows: expected a whole number ≥ 0, got -1", ErrorAfter(r => r["run"]!["validation"]!["rows"] = -1));
        Assert.Equal("$.run.options.lr: expected the option's value as text, got 0.01", ErrorAfter(r => r["run"]!["options"]!["lr"] = 0.01));
        Assert.Equal("$.run.options: expected an object of option names and values, got an array of 0",
            ErrorAfter(r => r["run"]!["options"] = new JsonArray()));
        Assert.Equal("$.run.data: missing; expected the data set's name", ErrorAfter(r => r["run"]!.AsObject().Remove("data")));
        Assert.Equal("$.run.extra: unknown property; known: data, start, train, validation, options", ErrorAfter(r => r["run"]!["extra"] = 1));
        Assert.Equal("$.run: expected an object, got 3", ErrorAfter(r => r["run"] = 3));
    }
}
