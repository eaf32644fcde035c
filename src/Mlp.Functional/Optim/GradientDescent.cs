using System.Diagnostics.Contracts;
using System.Numerics;
using Mlp.Model;

namespace Mlp.Optim;

/// <summary>Plain gradient descent on a network, <c>θ ← θ − η·g</c>, as the seed's section 3.3 writes it.</summary>
public static class GradientDescent
{
    /// <summary>One step: a new network whose every leaf is <c>θ − η·g</c>.</summary>
    [Pure]
    public static Network<T> Step<T>(Network<T> net, ParamSet<T> grads, T learningRate)
        where T : IFloatingPointIeee754<T>
    {
        // The same two roundings as Optimizers.Sgd (u = −η·g, then θ + u), so a training run
        // with the sgd optimizer and this step agree bit for bit.
        var p = net.Params;
        Updates.CheckShapes(p, grads, "gradient");
        return net.WithParams(Updates.Apply(p, grads.Scaled(-learningRate)));
    }
}
