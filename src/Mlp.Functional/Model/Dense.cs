using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>
/// A fully connected layer <c>a = act(W·x + b)</c>. <c>W</c> is <c>[outputs × inputs]</c>
/// (as the seed and PyTorch's <c>nn.Linear.weight</c>), <c>b</c> is <c>[1 × outputs]</c>.
/// The shapes are checked when the layer is made; the weight and bias cannot be replaced one at a
/// time (no <c>with</c> on them), so no layer with mismatched shapes can exist.
/// </summary>
public sealed record Dense<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>A layer from its weight <c>[outputs × inputs]</c>, bias <c>[1 × outputs]</c> and activation.</summary>
    /// <exception cref="ArgumentException">The bias is not <c>[1 × outputs]</c>, or the weight has no rows or columns.</exception>
    public Dense(Matrix<T> weight, Matrix<T> bias, Activation activation)
    {
        if (weight.Rows == 0 || weight.Cols == 0)
            throw new ArgumentException($"Dense: the weight must have at least one row and one column, got {weight.Rows}×{weight.Cols}");
        if (bias.Rows != 1 || bias.Cols != weight.Rows)
            throw new ArgumentException(
                $"Dense {weight.Cols} → {weight.Rows}: the bias must be 1×{weight.Rows} (one per output), got {bias.Rows}×{bias.Cols}");
        (Weight, Bias, Activation) = (weight, bias, activation);
    }

    /// <summary>The weight <c>W</c>, <c>[outputs × inputs]</c>.</summary>
    public Matrix<T> Weight { get; }
    /// <summary>The bias <c>b</c>, <c>[1 × outputs]</c>.</summary>
    public Matrix<T> Bias { get; }
    /// <summary>The activation (it has no bearing on the shapes, so <c>with</c> may change it).</summary>
    public Activation Activation { get; init; }

    /// <summary>Number of inputs (<c>fan_in</c>).</summary>
    public int In => Weight.Cols;
    /// <summary>Number of output units (<c>fan_out</c>).</summary>
    public int Out => Weight.Rows;

    /// <summary>The layer's shape and activation, as messages name it: <c>Dense 4 → 16, relu</c>.</summary>
    public override string ToString() => $"Dense {In} → {Out}, {Activation.Name()}";
}
