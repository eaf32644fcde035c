using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>
/// PyTorch's SGD momentum buffer (optax's <c>trace</c>, dampening 0): <c>b ← μ·b + g</c>
/// (the first step gives <c>b = g</c>, since <c>b</c> starts at zero), then the outgoing update
/// is <c>b</c>, or with Nesterov <c>g + μ·b</c>.
/// References: Sutskever et al., 2013; torch.optim.SGD.
/// </summary>
public sealed record MomentumTrace(double Momentum, bool Nesterov = false) : IGradientTransform
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> =>
        new MomentumState<T>(Updates.ZerosLike(@params));

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T>
    {
        var buffer = Updates.StateAs<MomentumState<T>>(state, this).Buffer;
        Updates.CheckShapes(buffer, updates, "updates");
        var mu = T.CreateChecked(Momentum);
        var (bs, outs) = (new Matrix<T>[updates.Count], new Matrix<T>[updates.Count]);
        for (var i = 0; i < bs.Length; i++)
        {
            ReadOnlySpan<T> g = updates[i].Span, b = buffer[i].Span;
            var next = GC.AllocateUninitializedArray<T>(g.Length);
            TensorPrimitives.MultiplyAdd(b, mu, g, next); // buf.mul_(μ).add_(g)
            bs[i] = Matrix<T>.Own(next, updates[i].Rows, updates[i].Cols);
            if (!Nesterov) { outs[i] = bs[i]; continue; }
            var u = GC.AllocateUninitializedArray<T>(g.Length);
            TensorPrimitives.MultiplyAdd(next, mu, g, u); // g.add(buf, alpha=μ)
            outs[i] = Matrix<T>.Own(u, updates[i].Rows, updates[i].Cols);
        }
        return (Leaves.Set(outs), new MomentumState<T>(Leaves.Set(bs)));
    }
}

/// <summary>The momentum buffer <c>b</c>, shaped like the parameters.</summary>
public sealed record MomentumState<T>(ParamSet<T> Buffer) : OptState where T : IFloatingPointIeee754<T>;
