using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>
/// RMSprop's direction, as torch.optim.RMSprop (not centered):
/// <c>v ← α·v + (1−α)·g²</c>, outgoing update <c>g / (√v + ε)</c>.
/// References: Hinton, Lecture 6e of Neural Networks for Machine Learning, 2012.
/// </summary>
public sealed record ScaleByRms(double Alpha = 0.99, double Eps = 1e-8) : IUpdateInto
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> =>
        new RmsState<T>(Updates.ZerosLike(@params));

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => ((IUpdateInto)this).UpdateInto(updates, state, @params, null, null, Parallelism.Sequential);

    /// <inheritdoc/>
    (ParamSet<T> Updates, OptState State) IUpdateInto.UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism)
    {
        var nu = Updates.StateAs<RmsState<T>>(state, this).Nu;
        Updates.CheckShapes(nu, updates, "updates");
        var nuInto = stateInto is null ? null : Updates.StateAs<RmsState<T>>(stateInto, this).Nu;
        var (alpha, a1, eps) = (T.CreateChecked(Alpha), T.CreateChecked(1 - Alpha), T.CreateChecked(Eps));
        var (nus, outs) = (Destination.Arrays(nuInto, updates), Destination.Arrays(updatesInto, updates));
        for (var i = 0; i < outs.Length; i++)
        {
            ReadOnlySpan<T> g = updates[i].Span, v = nu[i].Span;
            var (v1, u) = (nus[i], outs[i]);
            TensorPrimitives.Multiply(v, alpha, v1);
            TensorPrimitives.Multiply(g, g, u);
            TensorPrimitives.MultiplyAdd(u, a1, v1, v1); // square_avg.mul_(α).addcmul_(g, g, 1−α)
            TensorPrimitives.Sqrt(v1, u);
            TensorPrimitives.Add(u, eps, u);             // avg = √v + ε
            TensorPrimitives.Divide(g, u, u);            // g / avg
        }
        return (Destination.Set(updatesInto, outs, updates), new RmsState<T>(Destination.Set(nuInto, nus, updates)));
    }

    /// <inheritdoc/>
    bool IUpdateInto.Holds<T>(OptState state, ParamSet<T> @params) => state is RmsState<T> r && Updates.SameShapes(r.Nu, @params);
}

/// <summary>RMSprop's running average of squared gradients <c>v</c>.</summary>
public sealed record RmsState<T>(ParamSet<T> Nu) : OptState where T : IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    internal override OptState Copy() => new RmsState<T>(Nu.Copy());
}
