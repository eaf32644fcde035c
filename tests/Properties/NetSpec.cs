using System.Collections.Immutable;
using System.Numerics;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// A generated case: layer widths <c>[in, h1, …, out]</c>, one activation per layer, a loss
/// that fits the output, an initialiser, a batch size and a seed. Every number (weights,
/// biases, inputs, targets) is drawn from <see cref="Seed"/>, in float or double alike.
/// </summary>
public sealed record NetSpec(
    ImmutableArray<int> Sizes, ImmutableArray<Activation> Activations, Loss Loss,
    Initializer Init, int Batch, int Seed)
{
    /// <summary>Number of layers.</summary>
    public int Depth => Activations.Length;
    /// <summary>Activation of the last layer.</summary>
    public Activation Output => Activations[^1];

    // Independent streams for weights, biases, inputs and targets, so that changing the batch
    // size changes neither the network nor the first rows of X and T.
    private (Rng Weights, Rng Biases, Rng Inputs, Rng Targets) Streams()
    {
        var (weights, rest) = Rng.FromSeed(Seed).Split();
        var (biases, rest2) = rest.Split();
        var (inputs, targets) = rest2.Split();
        return (weights, biases, inputs, targets);
    }

    /// <summary>
    /// The network: <see cref="Init.Network{T}(IReadOnlyList{int}, IReadOnlyList{Activation}, Initializer, Rng)"/>,
    /// then biases uniform in <c>[−0.5, 0.5)</c> (zero biases would put pre-activations after a
    /// dead relu layer exactly on the kink, and would leave the bias path of the forward pass untested).
    /// </summary>
    public Network<T> Network<T>() where T : IFloatingPointIeee754<T>
    {
        var streams = Streams();
        var net = Model.Init.Network<T>(Sizes, Activations, Init, streams.Weights);
        var rng = streams.Biases;
        var leaves = net.Params.Leaves.ToBuilder();
        for (var l = 0; l < Depth; l++)
        {
            (var b, rng) = rng.Split();
            leaves[2 * l + 1] = Seeded.Uniform<T>(1, Sizes[l + 1], -0.5, 0.5, b);
        }
        return net.WithParams(new ParamSet<T>(leaves.ToImmutable()));
    }

    /// <summary>Inputs <c>X</c>, <c>[Batch × in]</c>, uniform in <c>[−2, 2)</c>.</summary>
    public Matrix<T> Inputs<T>() where T : IFloatingPointIeee754<T> =>
        Seeded.Uniform<T>(Batch, Sizes[0], -2, 2, Streams().Inputs);

    /// <summary>
    /// Targets valid for the loss, <c>[Batch × out]</c>: cross-entropy one-hot rows or
    /// probability rows (by the seed's parity); binary cross-entropy values in <c>[0, 1)</c>;
    /// mse any reals in <c>[−2, 2)</c>.
    /// </summary>
    public Matrix<T> Targets<T>() where T : IFloatingPointIeee754<T>
    {
        var (rows, cols, rng) = (Batch, Sizes[^1], Streams().Targets);
        return Loss switch
        {
            Loss.CrossEntropy when Seed % 2 == 0 => Seeded.OneHotRows<T>(rows, cols, rng),
            Loss.CrossEntropy => Seeded.ProbabilityRows<T>(rows, cols, rng),
            Loss.BinaryCrossEntropy => Seeded.Uniform<T>(rows, cols, 0, 1, rng),
            _ => Seeded.Uniform<T>(rows, cols, -2, 2, rng),
        };
    }

    /// <summary>
    /// Smaller cases that stay valid: fewer hidden layers, a smaller batch, narrower layers,
    /// identity instead of another activation (not where the loss needs softmax or sigmoid).
    /// </summary>
    public IEnumerable<NetSpec> Shrink()
    {
        for (var i = 1; i < Sizes.Length - 1; i++) // drop hidden layer i (its width and activation)
            yield return this with { Sizes = Sizes.RemoveAt(i), Activations = Activations.RemoveAt(i - 1) };
        foreach (var b in Arbs.Halve(Batch))
            yield return this with { Batch = b };
        for (var i = 0; i < Sizes.Length; i++)
            foreach (var w in Arbs.Halve(Sizes[i]))
                yield return this with { Sizes = Sizes.SetItem(i, w) };
        for (var l = 0; l < Depth; l++)
            if (Activations[l] != Activation.Identity && (l < Depth - 1 || Loss == Loss.Mse))
                yield return this with { Activations = Activations.SetItem(l, Activation.Identity) };
    }

    /// <summary>E.g. <c>3-4(relu)-2(softmax) cross-entropy xavier-uniform batch 5 seed 17</c>.</summary>
    public override string ToString() =>
        $"{Sizes[0]}-" + string.Join("-", Enumerable.Range(0, Depth).Select(l => $"{Sizes[l + 1]}({Activations[l].Name()})"))
        + $" {Loss.Name()} {Init.Name()} batch {Batch} seed {Seed}";
}
