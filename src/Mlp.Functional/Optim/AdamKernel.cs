using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mlp.Optim;

/// <summary>
/// Adam's element-wise work in one pass over the leaf (instead of ten passes of
/// TensorPrimitives): the same operations in the same order, each rounded as before, so the
/// results are bit-identical to the step-by-step form in <see cref="ScaleByAdam"/>'s docs.
/// </summary>
internal static class AdamKernel
{
    /// <summary>
    /// <c>m′ = m + a1(g − m)</c>, <c>v′ = b2·v + a2·g²</c>, <c>u = ((m′ / (√v′ / c2 + ε)) / c1)</c>.
    /// </summary>
    public static void Step<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> m, ReadOnlySpan<T> v, T a1, T b2, T a2, T eps,
        T c2, T c1, Span<T> m1, Span<T> v1, Span<T> u) where T : IFloatingPointIeee754<T> =>
        Step(g, m, v, a1, b2, a2, eps, c2, c1, m1, v1, u, default, T.Zero, apply: false);

    /// <summary>
    /// The same, then the learning rate and the addition in the same pass:
    /// <c>θ′ = (η·u) + θ</c>, rounded as <c>Scale</c> then <c>Apply</c> round it.
    /// </summary>
    public static void StepAndApply<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> m, ReadOnlySpan<T> v, T a1, T b2, T a2, T eps,
        T c2, T c1, ReadOnlySpan<T> theta, T eta, Span<T> m1, Span<T> v1, Span<T> theta1) where T : IFloatingPointIeee754<T> =>
        Step(g, m, v, a1, b2, a2, eps, c2, c1, m1, v1, theta1, theta, eta, apply: true);

    private static void Step<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> m, ReadOnlySpan<T> v, T a1, T b2, T a2, T eps,
        T c2, T c1, Span<T> m1, Span<T> v1, Span<T> u, ReadOnlySpan<T> theta, T eta, bool apply) where T : IFloatingPointIeee754<T>
    {
        if (apply && theta.Length != g.Length) throw new ArgumentException("Adam: θ must have the gradient's length");
        var n = g.Length;
        if (m.Length != n || v.Length != n || m1.Length != n || v1.Length != n || u.Length != n)
            throw new ArgumentException("Adam: every buffer must have the gradient's length");
        var i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            ref var gr = ref MemoryMarshal.GetReference(g);
            ref var mr = ref MemoryMarshal.GetReference(m);
            ref var vr = ref MemoryMarshal.GetReference(v);
            ref var m1r = ref MemoryMarshal.GetReference(m1);
            ref var v1r = ref MemoryMarshal.GetReference(v1);
            ref var ur = ref MemoryMarshal.GetReference(u);
            ref var tr = ref MemoryMarshal.GetReference(theta);
            var (va1, vb2, va2, veps, vc2, vc1) = (Vector256.Create(a1), Vector256.Create(b2), Vector256.Create(a2),
                Vector256.Create(eps), Vector256.Create(c2), Vector256.Create(c1));
            var veta = Vector256.Create(eta);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var gi = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var mi = Vector256.LoadUnsafe(ref mr, (nuint)i);
                var vi = Vector256.LoadUnsafe(ref vr, (nuint)i);
                var mNew = (gi - mi) * va1 + mi;
                var vNew = vi * vb2 + (gi * gi) * va2;
                var denom = Vector256.Sqrt(vNew) / vc2 + veps;
                mNew.StoreUnsafe(ref m1r, (nuint)i);
                vNew.StoreUnsafe(ref v1r, (nuint)i);
                var step = mNew / denom / vc1;
                if (apply) step = step * veta + Vector256.LoadUnsafe(ref tr, (nuint)i);
                step.StoreUnsafe(ref ur, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            var mNew = (g[i] - m[i]) * a1 + m[i];
            var vNew = v[i] * b2 + g[i] * g[i] * a2;
            m1[i] = mNew;
            v1[i] = vNew;
            var ui = mNew / (T.Sqrt(vNew) / c2 + eps) / c1;
            u[i] = apply ? ui * eta + theta[i] : ui;
        }
    }
}
