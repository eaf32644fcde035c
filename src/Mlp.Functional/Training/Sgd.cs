using System.Diagnostics.Contracts;
using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>Plain gradient descent, <c>θ ← θ − η·g</c> (seed 3.3).</summary>
public static class Sgd
{
    /// <summary>One step: a new network whose every leaf is <c>θ − η·g</c>.</summary>
    [Pure]
    public static Network<T> Step<T>(Network<T> net, ParamSet<T> grads, T learningRate)
        where T : IFloatingPointIeee754<T>
    {
        var p = net.Params;
        if (p.Count != grads.Count) throw new ArgumentException($"expected {p.Count} gradient leaves, got {grads.Count}");
        var leaves = new Matrix<T>[p.Count];
        for (var i = 0; i < p.Count; i++)
        {
            var (theta, g) = (p[i], grads[i]);
            if (theta.Rows != g.Rows || theta.Cols != g.Cols)
                throw new ArgumentException($"leaf {i}: parameter is {theta.Rows}×{theta.Cols}, gradient {g.Rows}×{g.Cols}");
            var next = new T[theta.Length];
            TensorPrimitives.MultiplyAdd(g.Span, -learningRate, theta.Span, next); // θ + (−η)·g
            leaves[i] = Matrix<T>.Own(next, theta.Rows, theta.Cols);
        }
        return net.WithParams(new ParamSet<T>([.. leaves]));
    }
}
