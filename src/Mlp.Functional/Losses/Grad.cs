using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Losses;

/// <summary>
/// Gradients of a loss: the output delta <c>δ_L = ∂L/∂Z_L</c> of <see cref="LossFunctions.OutputDelta{T}(Loss, Activation, Matrix{T}, Matrix{T}, Matrix{T})"/>,
/// then the network's backward pass from it (<see cref="Network.Backpropagate{T}"/>).
/// </summary>
public static class Grad
{
    /// <summary>
    /// Gradients of the mean batch loss with respect to every weight and bias, shaped like the
    /// network's <see cref="Network{T}.Params"/>.
    /// </summary>
    [Pure]
    public static ParamSet<T> Backward<T>(Network<T> net, Trace<T> trace, Matrix<T> targets, Loss loss,
        Parallelism? parallelism = null) where T : IFloatingPointIeee754<T> =>
        Backpropagate(net, trace, targets, loss, parallelism).Gradients;

    /// <summary>Backpropagation from the loss: the output delta, then every layer's delta and gradients.</summary>
    [Pure]
    public static Backprop<T> Backpropagate<T>(Network<T> net, Trace<T> trace, Matrix<T> targets, Loss loss,
        Parallelism? parallelism = null) where T : IFloatingPointIeee754<T> =>
        Network.Backpropagate(net, trace,
            LossFunctions.OutputDelta(loss, net.OutputActivation, trace.Z[^1], trace.Output, targets), parallelism);

    /// <summary>The loss of a batch and its gradients, in one call.</summary>
    [Pure]
    public static (T Loss, ParamSet<T> Gradients) ValueAndGrad<T>(Network<T> net, Matrix<T> x, Matrix<T> targets, Loss loss,
        Parallelism? parallelism = null) where T : IFloatingPointIeee754<T>
    {
        var trace = Network.Forward(net, x, parallelism);
        return (LossFunctions.Value(loss, trace.Output, targets), Backward(net, trace, targets, loss, parallelism));
    }
}
