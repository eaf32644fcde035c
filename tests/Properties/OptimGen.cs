using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>Leaf shapes of a parameter set plus a seed for its values (sizes shrink, values stay bounded).</summary>
public sealed record LeafCase(int[] Rows, int[] Cols, int Seed)
{
    /// <summary>Shapes and seed, for failure messages.</summary>
    public override string ToString() =>
        $"LeafCase([{string.Join(", ", Rows.Zip(Cols, (r, c) => $"{r}×{c}"))}], seed {Seed})";

    /// <summary>Parameters uniform in ±2, drawn from stream <paramref name="stream"/> of the seed.</summary>
    public ParamSet<T> Draw<T>(int stream) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(Rng.FromSeed(Seed * 7919L + stream));
        return Build<T>(() => s.Uniform(2.0));
    }

    /// <summary>Gradients with <c>0.01 ≤ |g| ≤ 1</c> and random signs (so <c>|g| ≫ ε</c>).</summary>
    public ParamSet<T> DrawAwayFromZero<T>(int stream) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(Rng.FromSeed(Seed * 7919L + stream));
        return Build<T>(() => (s.NextDouble() < 0.5 ? -1 : 1) * (0.01 + 0.99 * s.NextDouble()));
    }

    private ParamSet<T> Build<T>(Func<double> next) where T : IFloatingPointIeee754<T> =>
        new([.. Rows.Zip(Cols, (r, c) => Matrix<T>.Build(r, c, (_, _) => T.CreateChecked(next())))]);
}

/// <summary>An optimizer from the command-line set, with or without weight decay and clipping.</summary>
public sealed record OptimCase(OptimizerKind Kind, bool Decay, bool Clip)
{
    /// <summary>The optimizer, at learning rate 0.01.</summary>
    public IGradientTransform Build() =>
        Optimizers.Create(Kind, 0.01, weightDecay: Decay ? 0.05 : null, clipNorm: Clip ? 0.5 : null);
}

/// <summary>Generators for the optimizer properties.</summary>
public static class OptimArbs
{
    /// <summary>1–4 leaves of 1–7 × 1–7 elements.</summary>
    public static Arbitrary<LeafCase> Leaves() => Arb.From(
        from n in Gen.Choose(1, 4)
        from rows in Gen.ArrayOf(Gen.Choose(1, 7), n)
        from cols in Gen.ArrayOf(Gen.Choose(1, 7), n)
        from seed in Gen.Choose(0, 1_000_000)
        select new LeafCase(rows, cols, seed),
        c => Shrink(c));

    /// <summary>Every optimizer kind, with the options on or off.</summary>
    public static Arbitrary<OptimCase> Optimizer() => Arb.From(
        from k in Gen.Elements(Optimizers.All.ToArray())
        from d in Gen.Elements(false, true)
        from c in Gen.Elements(false, true)
        select new OptimCase(k, d, c));

    // Fewer leaves first, then halved sizes; the seed stays.
    private static IEnumerable<LeafCase> Shrink(LeafCase c)
    {
        if (c.Rows.Length > 1) yield return c with { Rows = c.Rows[..^1], Cols = c.Cols[..^1] };
        if (c.Rows.Any(r => r > 1) || c.Cols.Any(k => k > 1))
            yield return c with { Rows = [.. c.Rows.Select(r => Math.Max(1, r / 2))], Cols = [.. c.Cols.Select(k => Math.Max(1, k / 2))] };
    }
}

/// <summary>Deep copies and element-wise reference maths for the optimizer properties.</summary>
internal static class Leafwise
{
    /// <summary>A copy of every buffer (a mutation of the original would show as inequality).</summary>
    public static ParamSet<T> Copy<T>(ParamSet<T> p) where T : IFloatingPointIeee754<T> =>
        new([.. p.Leaves.Select(l => Matrix<T>.Create(l.Rows, l.Cols, l.Span))]);

    /// <summary><c>f(a, b)</c> element by element, in a scalar loop (the oracle).</summary>
    public static ParamSet<T> Zip<T>(ParamSet<T> a, ParamSet<T> b, Func<T, T, T> f) where T : IFloatingPointIeee754<T> =>
        new([.. a.Leaves.Zip(b.Leaves, (x, y) => Matrix<T>.Build(x.Rows, x.Cols, (i, j) => f(x[i, j], y[i, j])))]);

    /// <summary>All elements of all leaves, in order.</summary>
    public static IEnumerable<T> Elements<T>(ParamSet<T> p) where T : IFloatingPointIeee754<T> =>
        p.Leaves.SelectMany(l => l.Data);

    /// <summary>√Σ x² over all leaves, accumulated in double.</summary>
    public static double Norm(ParamSet<double> p) => Math.Sqrt(Elements(p).Sum(x => x * x));
}
