using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>
/// A fully connected layer <c>a = act(W·x + b)</c>. <c>W</c> is <c>[outputs × inputs]</c>
/// (as the seed and PyTorch's <c>nn.Linear.weight</c>), <c>b</c> is <c>[1 × outputs]</c>.
/// </summary>
public sealed record Dense<T>(Matrix<T> Weight, Matrix<T> Bias, Activation Activation)
    where T : IFloatingPointIeee754<T>
{
    /// <summary>Number of inputs (<c>fan_in</c>).</summary>
    public int In => Weight.Cols;
    /// <summary>Number of output units (<c>fan_out</c>).</summary>
    public int Out => Weight.Rows;

    /// <summary>Checks that the bias is <c>[1 × Out]</c>.</summary>
    public Matrix<T> Bias { get; init; } = Bias.Rows == 1 && Bias.Cols == Weight.Rows
        ? Bias
        : throw new ArgumentException(
            $"Dense: bias must be 1×{Weight.Rows} for a {Weight.Rows}×{Weight.Cols} weight, got {Bias.Rows}×{Bias.Cols}");
}
