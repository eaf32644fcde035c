using System.Numerics;
using System.Numerics.Tensors;
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
public sealed record ScaleByAdam(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8) : IGradientTransform
{
    // Leaves of more than two of these many elements are updated in chunks on several threads.
    private const int ParallelChunk = 32 * 1024;

    /// <inheritdoc/>
    public OptState Init<T>(ParamSet<T> @params) where T : IFloatingPointIeee754<T> =>
        new AdamState<T>(0, Updates.ZerosLike(@params), Updates.ZerosLike(@params));

    /// <inheritdoc/>
    public (ParamSet<T> Updates, OptState State) Update<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params)
        where T : IFloatingPointIeee754<T> => Run(updates, state, @params, apply: false, T.Zero);

    /// <summary>
    /// Adam followed by a learning rate <paramref name="eta"/> (negative for descent) and the
    /// addition to the parameters, in one pass: the new parameters, bit for bit those of
    /// <c>Update</c>, <c>Scale(η)</c> and <see cref="Updates.Apply{T}"/>.
    /// </summary>
    internal (ParamSet<T> Params, OptState State) UpdateAndApply<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params, T eta)
        where T : IFloatingPointIeee754<T>
    {
        Updates.CheckShapes(@params, updates, "updates");
        return Run(updates, state, @params, apply: true, eta);
    }

    private (ParamSet<T>, OptState) Run<T>(ParamSet<T> updates, OptState state, ParamSet<T> @params, bool apply, T eta)
        where T : IFloatingPointIeee754<T>
    {
        var s = Updates.StateAs<AdamState<T>>(state, this);
        Updates.CheckShapes(s.Mu, updates, "updates");
        var (mus, nus, outs) = (new Matrix<T>[updates.Count], new Matrix<T>[updates.Count], new Matrix<T>[updates.Count]);
        var buffers = new (T[] M, T[] V, T[] O)[updates.Count];
        for (var i = 0; i < outs.Length; i++)
        {
            var n = updates[i].Length;
            buffers[i] = (GC.AllocateUninitializedArray<T>(n), GC.AllocateUninitializedArray<T>(n), GC.AllocateUninitializedArray<T>(n));
        }
        Compute(updates, s, @params, apply, eta, buffers);
        for (var i = 0; i < outs.Length; i++)
        {
            var (rows, cols) = (updates[i].Rows, updates[i].Cols);
            (mus[i], nus[i], outs[i]) = (Matrix<T>.Own(buffers[i].M, rows, cols), Matrix<T>.Own(buffers[i].V, rows, cols),
                Matrix<T>.Own(buffers[i].O, rows, cols));
        }
        return (Leaves.Set(outs), new AdamState<T>(s.Count + 1, Leaves.Set(mus), Leaves.Set(nus)));
    }

    /// <summary>
    /// One step into caller-owned buffers: the new m, v and parameters (<paramref name="eta"/>
    /// being the signed learning rate) of state <paramref name="s"/>, bit for bit those of
    /// <see cref="UpdateAndApply{T}"/>. The trainer's loop uses it to write each step over the
    /// state before last, which nothing outside the loop ever sees.
    /// </summary>
    internal void StepInto<T>(ParamSet<T> updates, AdamState<T> s, ParamSet<T> @params, T eta, (T[] M, T[] V, T[] O)[] buffers)
        where T : IFloatingPointIeee754<T>
        => Compute(updates, s, @params, apply: true, eta, buffers);

    private void Compute<T>(ParamSet<T> updates, AdamState<T> s, ParamSet<T> @params, bool apply, T eta, (T[] M, T[] V, T[] O)[] buffers)
        where T : IFloatingPointIeee754<T>
    {
        var t = s.Count + 1;
        // Bias corrections in double, as PyTorch computes them from Python floats.
        var (bc1, bc2Sqrt) = (T.CreateChecked(1 - Math.Pow(Beta1, t)), T.CreateChecked(Math.Sqrt(1 - Math.Pow(Beta2, t))));
        var (a1, b2, a2, eps) = (T.CreateChecked(1 - Beta1), T.CreateChecked(Beta2), T.CreateChecked(1 - Beta2), T.CreateChecked(Eps));
        // Element-wise work splits anywhere without changing a bit: large leaves go in chunks
        // over the GEMM's threads, small ones on this thread (a hand-off costs more than they do).
        void Chunk(int i, int start, int length)
        {
            var g = updates[i].Span.Slice(start, length);
            var m = s.Mu[i].Span.Slice(start, length);
            var v = s.Nu[i].Span.Slice(start, length);
            var m1 = buffers[i].M.AsSpan(start, length);
            var v1 = buffers[i].V.AsSpan(start, length);
            var o = buffers[i].O.AsSpan(start, length);
            if (apply) AdamKernel.StepAndApply(g, m, v, a1, b2, a2, eps, bc2Sqrt, bc1, @params[i].Span.Slice(start, length), eta, m1, v1, o);
            else AdamKernel.Step(g, m, v, a1, b2, a2, eps, bc2Sqrt, bc1, m1, v1, o);
        }
        var chunks = new List<(int Leaf, int Start, int Length)>();
        for (var i = 0; i < updates.Count; i++)
        {
            var n = updates[i].Length;
            if (n < ParallelChunk * 2) { Chunk(i, 0, n); continue; }
            for (var start = 0; start < n; start += ParallelChunk) chunks.Add((i, start, Math.Min(ParallelChunk, n - start)));
        }
        if (chunks.Count > 0)
            Tensors.Workers.For(chunks.Count, Tensors.Gemm.Threads,
                c => Chunk(chunks[c].Leaf, chunks[c].Start, chunks[c].Length));
    }
}

/// <summary>Adam's step count and moments: <c>Mu</c> = m (first), <c>Nu</c> = v (second).</summary>
public sealed record AdamState<T>(int Count, ParamSet<T> Mu, ParamSet<T> Nu) : OptState where T : IFloatingPointIeee754<T>;
