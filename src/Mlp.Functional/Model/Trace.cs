using System.Collections.Immutable;
using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>
/// What the forward pass saw, kept for the backward pass: the input <c>X</c> and, per layer,
/// <c>Z = A_prev·Wᵀ + b</c> and <c>A = act(Z)</c> (Flux's <c>activations</c>).
/// </summary>
public sealed record Trace<T>(Matrix<T> Input, ImmutableArray<Matrix<T>> Z, ImmutableArray<Matrix<T>> A)
    where T : IFloatingPointIeee754<T>
{
    /// <summary>The network's output, <c>A</c> of the last layer.</summary>
    public Matrix<T> Output => A[^1];
    /// <summary>The input of layer <paramref name="l"/>: <c>X</c> for the first, else <c>A[l−1]</c>.</summary>
    public Matrix<T> InputOf(int l) => l == 0 ? Input : A[l - 1];
}
