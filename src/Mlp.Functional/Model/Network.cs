using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>
/// A multilayer perceptron: an ordered, immutable list of <see cref="Dense{T}"/> layers
/// (Flux's Chain, equinox's MLP.layers). Equality compares every weight bit for bit.
/// </summary>
public sealed record Network<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>The layers, input side first.</summary>
    public ImmutableArray<Dense<T>> Layers { get; }

    /// <summary>Builds a network, checking that each layer's inputs match the previous outputs.</summary>
    /// <exception cref="ArgumentException">No layers, or adjacent shapes disagree.</exception>
    public Network(ImmutableArray<Dense<T>> layers)
    {
        if (layers.IsDefaultOrEmpty) throw new ArgumentException("a network needs at least one layer");
        for (var l = 1; l < layers.Length; l++)
            if (layers[l].In != layers[l - 1].Out)
                throw new ArgumentException(
                    $"layer {l + 1} ({layers[l]}) expects {layers[l].In} inputs, but layer {l} ({layers[l - 1]}) has {layers[l - 1].Out} outputs");
        Layers = layers;
    }

    /// <summary>Builds a network from layers.</summary>
    public Network(params Dense<T>[] layers) : this(ImmutableArray.Create(layers)) { }

    /// <summary>Number of inputs of the first layer.</summary>
    public int Inputs => Layers[0].In;
    /// <summary>Number of outputs of the last layer.</summary>
    public int Outputs => Layers[^1].Out;
    /// <summary>Activation of the last layer.</summary>
    public Activation OutputActivation => Layers[^1].Activation;
    /// <summary>Layer widths, inputs first: <c>[in, h1, …, out]</c>.</summary>
    public ImmutableArray<int> Sizes => [Inputs, .. Layers.Select(l => l.Out)];

    /// <summary>
    /// Checks, before any work, that data with <paramref name="columns"/> columns fits the first
    /// layer; <paramref name="what"/> names the data in the message.
    /// </summary>
    /// <exception cref="ArgumentException">The widths differ; the message names the layer and both sizes.</exception>
    public void CheckInputs(int columns, string what)
    {
        if (columns != Inputs)
            throw new ArgumentException($"layer 1 ({Layers[0]}) expects {Inputs} inputs, but {what} has {columns} columns");
    }

    /// <summary>Checks that the targets of <paramref name="what"/>, <paramref name="columns"/> columns wide, fit the last layer.</summary>
    /// <exception cref="ArgumentException">The widths differ; the message names the layer and both sizes.</exception>
    public void CheckOutputs(int columns, string what)
    {
        if (columns != Outputs)
            throw new ArgumentException(
                $"layer {Layers.Length} ({Layers[^1]}) has {Outputs} outputs, but the targets of {what} have {columns} columns");
    }

    /// <summary>The trainable leaves <c>W0, b0, W1, b1, …</c> (no copy).</summary>
    public ParamSet<T> Params
    {
        get
        {
            var leaves = new Matrix<T>[2 * Layers.Length];
            for (var l = 0; l < Layers.Length; l++) (leaves[2 * l], leaves[2 * l + 1]) = (Layers[l].Weight, Layers[l].Bias);
            return new ParamSet<T>(ImmutableCollectionsMarshal.AsImmutableArray(leaves));
        }
    }

    /// <summary>The same architecture with new leaves (shapes must match).</summary>
    public Network<T> WithParams(ParamSet<T> p)
    {
        if (p.Count != 2 * Layers.Length)
            throw new ArgumentException($"expected {2 * Layers.Length} leaves, got {p.Count}");
        var layers = ImmutableArray.CreateBuilder<Dense<T>>(Layers.Length);
        for (var l = 0; l < Layers.Length; l++)
        {
            var (w, b) = (p.Weight(l), p.Bias(l));
            var old = Layers[l];
            if (w.Rows != old.Weight.Rows || w.Cols != old.Weight.Cols)
                throw new ArgumentException(
                    $"layer {l + 1} ({old}): the weight must be {old.Weight.Rows}×{old.Weight.Cols}, got {w.Rows}×{w.Cols}");
            layers.Add(new Dense<T>(w, b, old.Activation));
        }
        return new Network<T>(layers.MoveToImmutable());
    }

    /// <summary>Layer-by-layer equality, bit for bit.</summary>
    public bool Equals(Network<T>? other) => other is not null && Layers.SequenceEqual(other.Layers);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var layer in Layers) h.Add(layer);
        return h.ToHashCode();
    }

    /// <summary>The architecture, e.g. <c>4-16(relu)-3(softmax)</c>.</summary>
    public override string ToString() =>
        $"{Inputs}-" + string.Join("-", Layers.Select(l => $"{l.Out}({l.Activation.Name()})"));
}
