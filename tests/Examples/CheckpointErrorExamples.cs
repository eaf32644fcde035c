using System.Text;
using System.Text.Json.Nodes;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Serialization;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;
using static Mlp.Tests.Examples.ModelFileExamples;

namespace Mlp.Tests.Examples;

/// <summary>
/// Each way a checkpoint can be wrong, made by one edit of a valid one, and the exact message
/// the loader gives: the JSON path of the first problem, then what was expected.
/// </summary>
public class CheckpointErrorExamples
{
    // A 2 → 3 → 2 tanh/softmax network after one step of Adam with weight decay and clipping,
    // whose state is a chain: [clip (empty), decay (empty), adam, schedule].
    private static readonly TrainState<float> State = MakeState();

    private static TrainState<float> MakeState()
    {
        var net = Init.Network<float>([2, 3, 2], Activation.Tanh, Activation.Softmax, Initializer.XavierUniform, seed: 3);
        var opt = Optimizers.Create(OptimizerKind.Adam, null, weightDecay: 1e-3, clipNorm: 5);
        var (updates, stepped) = opt.Update(net.Params.Scaled(0.5f), opt.Init(net.Params), net.Params);
        // the network after the step, the best one before it (so both are written)
        return new TrainState<float>(5, net.WithParams(Updates.Apply(net.Params, updates)), stepped, Rng.FromSeed(1), net, 4, 0.25);
    }

    private static readonly string Valid =
        Encoding.UTF8.GetString(CheckpointJson.Serialize(State, Loss.CrossEntropy).Match(b => b, e => throw new Exception(e.Message)));

    private static string ErrorAfter(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Valid)!.AsObject();
        edit(root);
        return Error(root.ToJsonString());
    }

    private static string Error(string text) => ErrorOf(CheckpointJson.Parse<float>(Encoding.UTF8.GetBytes(text)));

    private static JsonNode Adam(JsonObject root) => root["optimizer"]!["inner"]![2]!;

    [Fact]
    public void The_valid_checkpoint_loads_and_null_best_loss_means_none_yet()
    {
        Assert.Equal("(no error)", Error(Valid));
        var (state, loss) = CheckpointJson.Parse<float>(Encoding.UTF8.GetBytes(Valid)).Match(s => s, e => throw new Exception(e.Message));
        Assert.Equal((State, Loss.CrossEntropy), (state, loss));

        var root = JsonNode.Parse(Valid)!.AsObject();
        root["bestLoss"] = null;
        var none = CheckpointJson.Parse<float>(Encoding.UTF8.GetBytes(root.ToJsonString())).Match(s => s.State, e => throw new Exception(e.Message));
        Assert.Equal(double.PositiveInfinity, none.BestLoss);
    }

    [Fact]
    public void Top_level_fields()
    {
        Assert.Equal("$: the file is empty; expected a JSON object with \"format\": \"mlp-checkpoint/2\"", Error(" \n"));
        Assert.Equal("$: expected an object, got an array of 1", Error("[1]"));
        Assert.Equal("$.format: expected \"mlp-checkpoint/2\" (or \"mlp-checkpoint/1\"), got \"mlp/1\"", ErrorAfter(r => r["format"] = "mlp/1"));
        Assert.Equal("$.format: missing; expected \"mlp-checkpoint/2\" (or \"mlp-checkpoint/1\") (is this an Mlp checkpoint?)",
            ErrorAfter(r => r.Remove("format")));
        Assert.Equal("$.extra: unknown property; known: format, epoch, rng, bestEpoch, bestLoss, run, network, best, optimizer",
            ErrorAfter(r => r["extra"] = 1));
        Assert.Equal("$.run: missing; expected the run's record, or null", ErrorAfter(r => r.Remove("run")));
        Assert.Equal("$.epoch: missing; expected a whole number ≥ 0", ErrorAfter(r => r.Remove("epoch")));
        Assert.Equal("$.epoch: expected a whole number ≥ 0, got -1", ErrorAfter(r => r["epoch"] = -1));
        Assert.Equal("$.epoch: expected a whole number ≥ 0, got \"5\"", ErrorAfter(r => r["epoch"] = "5"));
        Assert.Equal("$.bestEpoch: expected a whole number from 0 to 5, got 6", ErrorAfter(r => r["bestEpoch"] = 6));
        Assert.Equal("$.bestLoss: expected a finite number, got \"low\"", ErrorAfter(r => r["bestLoss"] = "low"));
        Assert.Equal("$.bestLoss: missing; expected a finite number, or null (no best yet)", ErrorAfter(r => r.Remove("bestLoss")));
    }

    [Fact]
    public void The_random_state()
    {
        Assert.Equal("$.rng: expected four hexadecimal words, got an array of 3", ErrorAfter(r => r["rng"]!.AsArray().RemoveAt(3)));
        Assert.Equal("$.rng: expected four hexadecimal words, got \"abc\"", ErrorAfter(r => r["rng"] = "abc"));
        Assert.Equal("$.rng[1]: expected a hexadecimal word of 1 to 16 digits, got \"xyz\"", ErrorAfter(r => r["rng"]![1] = "xyz"));
        Assert.Equal("$.rng[0]: expected a hexadecimal word of 1 to 16 digits, got 7", ErrorAfter(r => r["rng"]![0] = 7));
        Assert.Equal("$.rng[2]: expected a hexadecimal word of 1 to 16 digits, got \"10000000000000000\"",
            ErrorAfter(r => r["rng"]![2] = "10000000000000000"));
        Assert.Equal("$.rng: expected four hexadecimal words, not all zero",
            ErrorAfter(r => r["rng"] = new JsonArray("0", "0", "0", "0")));
    }

    [Fact]
    public void The_embedded_networks_are_checked_as_model_files()
    {
        Assert.Equal("$.network.layers[0].bias: expected 3 values (outputs), got 2",
            ErrorAfter(r => r["network"]!["layers"]![0]!["bias"]!.AsArray().RemoveAt(0)));
        Assert.Equal("$.network: expected an object, got 3", ErrorAfter(r => r["network"] = 3));
        Assert.Equal("$.best: missing; expected a model document (\"format\": \"mlp/2\"), or null (the network itself)",
            ErrorAfter(r => r.Remove("best")));
        Assert.Equal("$.best: expected the network's architecture (2 → 3 → 2 (tanh, softmax)), got 2 → 3 → 2 (relu, softmax)",
            ErrorAfter(r => r["best"]!["layers"]![0]!["activation"] = "relu"));
    }

    [Fact]
    public void The_optimizer_state_leaf_by_leaf()
    {
        const string adam = "$.optimizer.inner[2]";
        Assert.Equal($"{adam}.mu[0][1]: expected 2 values, got 1", ErrorAfter(r => Adam(r)["mu"]![0]![1]!.AsArray().RemoveAt(0)));
        Assert.Equal($"{adam}.mu[2][0][1]: expected a finite number, got \"abc\"", ErrorAfter(r => Adam(r)["mu"]![2]![0]![1] = "abc"));
        Assert.Equal($"{adam}.nu[1][0][2]: expected a finite number, got 1e39 (beyond the range of float)",
            ErrorAfter(r => Adam(r)["nu"]![1]![0]![2] = JsonNode.Parse("1e39")));
        Assert.Equal($"{adam}.nu[0]: expected 3 rows, got 4", ErrorAfter(r => Adam(r)["nu"]![0]!.AsArray().Add(new JsonArray(1, 2))));
        Assert.Equal($"{adam}.mu[0]: expected an array of 3 rows, got 0", ErrorAfter(r => Adam(r)["mu"]![0] = 0));
        Assert.Equal($"{adam}.mu[0][1]: expected an array of 2 values, got 5", ErrorAfter(r => Adam(r)["mu"]![0]![1] = 5));
        Assert.Equal($"{adam}.mu: expected 4 leaves (one per parameter), got 3", ErrorAfter(r => Adam(r)["mu"]!.AsArray().RemoveAt(3)));
        Assert.Equal($"{adam}.nu: missing; expected 4 leaves (one per parameter)", ErrorAfter(r => Adam(r).AsObject().Remove("nu")));
        Assert.Equal($"{adam}.count: expected a whole number ≥ 0, got -1", ErrorAfter(r => Adam(r)["count"] = -1));
    }

    [Fact]
    public void The_optimizer_state_kinds()
    {
        Assert.Equal("$.optimizer: missing; expected an optimizer state", ErrorAfter(r => r.Remove("optimizer")));
        Assert.Equal("$.optimizer: expected an object, got 3", ErrorAfter(r => r["optimizer"] = 3));
        Assert.Equal("$.optimizer.inner: expected an array of optimizer states, got an object",
            ErrorAfter(r => r["optimizer"]!["inner"] = new JsonObject()));
        Assert.Equal("$.optimizer.inner[2].kind: unknown optimizer state \"lion\"; known: chain, empty, schedule, momentum, adam, rms",
            ErrorAfter(r => Adam(r)["kind"] = "lion"));
        Assert.Equal("$.optimizer.inner[0].mu: unknown property for kind \"empty\"; known: kind",
            ErrorAfter(r => r["optimizer"]!["inner"]![0]!["mu"] = new JsonArray()));
        Assert.Equal("$.optimizer.inner[2].beta: unknown property; known: kind, inner, count, mu, nu, buffer",
            ErrorAfter(r => Adam(r)["beta"] = 0.9));
    }

    [Fact]
    public void Saving_a_state_JSON_cannot_hold_names_the_value()
    {
        // JSON has no infinity: written raw, this moment made a file that could not be read back
        var chain = (ChainState)State.Optimizer;
        var adam = (AdamState<float>)chain.Inner[2];
        var nu0 = adam.Nu[0].Span.ToArray();
        nu0[2] = float.PositiveInfinity; // row 1, column 0 of the 3 × 2 first leaf
        var nu = new ParamSet<float>(adam.Nu.Leaves.SetItem(0, Matrix<float>.Create(3, 2, nu0)));
        var diverged = State with { Optimizer = new ChainState(chain.Inner.SetItem(2, adam with { Nu = nu })) };
        Assert.Equal("$.optimizer.inner[2].nu[0][1][0]: cannot save Infinity: a checkpoint holds finite numbers only (did training diverge?)",
            ErrorOf(CheckpointJson.Serialize(diverged, Loss.CrossEntropy)));
    }

    [Fact]
    public void Text_that_is_not_JSON_names_where_it_stops()
    {
        var truncated = Error(Valid[..(Valid.Length / 2)]);
        Assert.StartsWith("$.", truncated);
        Assert.Contains(": not valid JSON: ", truncated);
    }
}
