using System.Numerics;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Optim;

/// <summary>
/// Adam's direction, in PyTorch's order of operations: with <c>t</c> the new count,
/// <c>m ← m + (1−β₁)(g − m)</c>, <c>v ← β₂v + (1−β₂)g²</c>,
/// <c>d = √v / √(1−β₂ᵗ) + ε</c>, and the outgoing update <c>(m / d) / (1−β₁ᵗ)</c>
/// (= <c>m̂ / (√v̂ + ε)</c>); a learning rate after it makes it a descent step.
/// References: Kingma and Ba, 2014; torch.optim.Adam.
/// </summary>
public sealed record ScaleByAdam(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8) : IUpdateInto
{
    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> =>
        new AdamState<T>(0, Updates.ZerosLike(@params), Updates.ZerosLike(@params));

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => Run(updates, state, @params, null, null, apply: false, T.Zero, Parallelism.Sequential);

    /// <inheritdoc/>
    (ParamSet<T> Updates, OptState State) IUpdateInto.UpdateInto<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? updatesInto, Parallelism parallelism) =>
        Run(updates, state, @params, stateInto, updatesInto, apply: false, T.Zero, parallelism);

    /// <inheritdoc/>
    bool IUpdateInto.Holds<T>(OptState state, ParamSet<T> @params) =>
        state is AdamState<T> { Count: >= 0 } a && Updates.SameShapes(a.Mu, @params) && Updates.SameShapes(a.Nu, @params);

    /// <summary>
    /// Adam followed by a learning rate <paramref name="eta"/> (negative for descent) and the
    /// addition to the parameters, in one pass: the new parameters (into
    /// <paramref name="paramsInto"/>'s buffers, or fresh ones), bit for bit those of <c>Update</c>,
    /// <c>Scale(η)</c> and <see cref="Updates.Apply{T}"/>, and the new state (into
    /// <paramref name="stateInto"/>'s buffers, or fresh ones).
    /// </summary>
    internal (ParamSet<T> Params, OptState State) UpdateAndApply<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        T eta, OptState? stateInto, ParamSet<T>? paramsInto, Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        Updates.CheckShapes(@params, updates, "updates");
        return Run(updates, state, @params, stateInto, paramsInto, apply: true, eta, parallelism);
    }

    // One step; with `apply` the outgoing set is θ + η·u instead of u.
    private (ParamSet<T>, OptState) Run<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params,
        OptState? stateInto, ParamSet<T>? outInto, bool apply, T eta, Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        var s = Updates.StateAs<AdamState<T>>(state, this);
        Updates.CheckShapes(s.Mu, updates, "updates");
        var into = stateInto is null ? null : Updates.StateAs<AdamState<T>>(stateInto, this);
        var (mus, nus, outs) = (Destination.Arrays(into?.Mu, updates), Destination.Arrays(into?.Nu, updates),
            Destination.Arrays(outInto, updates));
        Compute(updates, s, @params, apply, eta, mus, nus, outs, parallelism);
        return (Destination.Set(outInto, outs, updates),
            new AdamState<T>(s.Count + 1, Destination.Set(into?.Mu, mus, updates), Destination.Set(into?.Nu, nus, updates)));
    }

    private void Compute<T>(ParamSet<T> updates, AdamState<T> s, ParamSet<T> @params, bool apply, T eta,
        T[][] mus, T[][] nus, T[][] outs, Parallelism parallelism) where T : IFloatingPointIeee754<T>
    {
        var t = s.Count + 1;
        // Bias corrections in double, as PyTorch computes them from Python floats.
        var (bc1, bc2Sqrt) = (T.CreateChecked(1 - Math.Pow(Beta1, t)), T.CreateChecked(Math.Sqrt(1 - Math.Pow(Beta2, t))));
        var (a1, b2, a2, eps) = (T.CreateChecked(1 - Beta1), T.CreateChecked(Beta2), T.CreateChecked(1 - Beta2), T.CreateChecked(Eps));
        // Element-wise work splits anywhere without changing a bit: large leaves go in chunks
        // over the products' threads, small ones on this thread (a hand-off costs more than they do).
        void Chunk(int i, int start, int length)
        {
            var g = updates[i].Span.Slice(start, length);
            var m = s.Mu[i].Span.Slice(start, length);
            var v = s.Nu[i].Span.Slice(start, length);
            Span<T> m1 = mus[i].AsSpan(start, length), v1 = nus[i].AsSpan(start, length), o = outs[i].AsSpan(start, length);
            if (apply) AdamKernel.StepAndApply(g, m, v, a1, b2, a2, eps, bc2Sqrt, bc1, @params[i].Span.Slice(start, length), eta, m1, v1, o);
            else AdamKernel.Step(g, m, v, a1, b2, a2, eps, bc2Sqrt, bc1, m1, v1, o);
        }
        var chunks = new List<(int Leaf, int Start, int Length)>();
        for (var i = 0; i < updates.Count; i++)
        {
            var n = updates[i].Length;
            if (n < Tuning.ElementwiseChunk * 2 || parallelism.Threads == 1) { Chunk(i, 0, n); continue; }
            for (var start = 0; start < n; start += Tuning.ElementwiseChunk)
                chunks.Add((i, start, Math.Min(Tuning.ElementwiseChunk, n - start)));
        }
        if (chunks.Count > 0)
            parallelism.Helpers.For(chunks.Count, parallelism.Threads, c => Chunk(chunks[c].Leaf, chunks[c].Start, chunks[c].Length));
    }
}

/// <summary>Adam's step count and moments: <c>Mu</c> = m (first), <c>Nu</c> = v (second).</summary>
public sealed record AdamState<T>(int Count, ParamSet<T> Mu, ParamSet<T> Nu) : OptState where T : IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    internal override OptState Copy() => new AdamState<T>(Count, Mu.Copy(), Nu.Copy());
}
