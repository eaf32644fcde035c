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
public sealed record MomentumTrace(double Momentum, bool Nesterov = false) : IUpdateInto
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> =>
        new MomentumState<T>(Updates.ZerosLike(@params));

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => ((IUpdateInto)this).UpdateInto(updates, state, @params, null, null, Parallelism.Sequential);

    /// <inheritdoc/>
    (ParamSet<T> Updates, OptState State) IUpdateInto.UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism)
    {
        var buffer = Updates.StateAs<MomentumState<T>>(state, this).Buffer;
        Updates.CheckShapes(buffer, updates, "updates");
        var bufferInto = stateInto is null ? null : Updates.StateAs<MomentumState<T>>(stateInto, this).Buffer;
        var mu = T.CreateChecked(Momentum);
        var bs = Destination.Arrays(bufferInto, updates);
        for (var i = 0; i < bs.Length; i++)
            TensorPrimitives.MultiplyAdd(buffer[i].Span, mu, updates[i].Span, bs[i]); // buf.mul_(μ).add_(g)
        var next = Destination.Set(bufferInto, bs, updates);
        if (!Nesterov) return (next, new MomentumState<T>(next));
        var outs = Destination.Arrays(updatesInto, updates);
        for (var i = 0; i < outs.Length; i++)
            TensorPrimitives.MultiplyAdd(bs[i], mu, updates[i].Span, outs[i]); // g.add(buf, alpha=μ)
        return (Destination.Set(updatesInto, outs, updates), new MomentumState<T>(next));
    }

    /// <inheritdoc/>
    bool IUpdateInto.Holds<T>(OptState state, ParamSet<T> @params) =>
        state is MomentumState<T> m && Updates.SameShapes(m.Buffer, @params);
}

/// <summary>The momentum buffer <c>b</c>, shaped like the parameters.</summary>
public sealed record MomentumState<T>(ParamSet<T> Buffer) : OptState where T : IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    internal override OptState Copy() => new MomentumState<T>(Buffer.Copy());
}
