using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Tensors;

namespace Mlp.Tests.Properties;

/// <summary>
/// The GEMM against a plain triple loop: every transpose mode, awkward sizes around the vector
/// and register-tile widths and the cache blocks, every internal path forced, and the same bits
/// whatever the thread count.
/// </summary>
public class GemmProps
{
    /// <summary>One product to check: <c>op(A)·op(B)</c>, <c>[M × K]·[K × N]</c>, operands drawn from <c>Seed</c>.</summary>
    public sealed record Case(int M, int N, int K, Transpose Ta, Transpose Tb, long Seed)
    {
        public override string ToString() => $"{M}×{N}×{K} ({Ta}, {Tb}) seed {Seed}";
    }

    private static readonly Gen<Transpose> Mode = Gen.Elements(Transpose.No, Transpose.Yes);

    private static Gen<Case> Cases(Gen<int> m, Gen<int> n, Gen<int> k) =>
        from mm in m from nn in n from kk in k from ta in Mode from tb in Mode
        from seed in Gen.Choose(0, int.MaxValue)
        select new Case(mm, nn, kk, ta, tb, seed);

    // Around 4 and 8 (the lanes of a Vector256 of doubles and floats), 6 (tile rows),
    // 8 and 16 (tile columns), and twice those.
    private static readonly Gen<int> Awkward =
        Gen.Elements(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 18, 23, 24, 25, 31, 32, 33);

    private static readonly GemmPath[] ForcedPaths = [GemmPath.Scalar, GemmPath.Portable, GemmPath.Packed, GemmPath.Dot];

    private static GemmOptions Sequential(GemmPath path) => new(path, 1, long.MaxValue, WorkerPool.Shared);

    // Hands work to threads however small the product.
    private static GemmOptions Parallel(GemmPath path, int threads) => new(path, threads, 0, WorkerPool.Shared);

    private static T[] Run<T>(Case g, GemmOptions options, T[] a, T[] b, T[] c) where T : IFloatingPointIeee754<T>
    {
        Gemm.Compute<T>(g.M, g.N, g.K, a.AsSpan(0, g.M * g.K), g.Ta, b.AsSpan(0, g.K * g.N), g.Tb, c, options);
        return c;
    }

    // Operands are followed by NaNs and C starts as NaNs: reading past an operand, or keeping
    // anything C held, shows up as a NaN result.
    private static bool Agrees<T>(Case g, GemmOptions options) where T : IFloatingPointIeee754<T>
    {
        var a = Reference.Uniform<T>(g.M * g.K, g.Seed, pad: 33);
        var b = Reference.Uniform<T>(g.K * g.N, g.Seed + 1, pad: 33);
        var c = new T[g.M * g.N];
        c.AsSpan().Fill(T.NaN);
        Run(g, options, a, b, c);
        return Reference.Close<T>(c, Reference.Gemm<T>(g.M, g.N, g.K, a, g.Ta, b, g.Tb), g.K);
    }

    private static bool Agrees(bool single, Case g, GemmOptions options) =>
        single ? Agrees<float>(g, options) : Agrees<double>(g, options);

    [Property(MaxTest = 100)]
    public Property Float_product_equals_the_reference_at_odd_shapes_in_every_mode() =>
        Prop.ForAll(Cases(Gen.Choose(1, 40), Gen.Choose(1, 40), Gen.Choose(1, 40)).ToArbitrary(),
            g => Agrees<float>(g, GemmOptions.For(Parallelism.Default)));

    [Property(MaxTest = 100)]
    public Property Double_product_equals_the_reference_at_odd_shapes_in_every_mode() =>
        Prop.ForAll(Cases(Gen.Choose(1, 40), Gen.Choose(1, 40), Gen.Choose(1, 40)).ToArbitrary(),
            g => Agrees<double>(g, GemmOptions.For(Parallelism.Default)));

    [Property(MaxTest = 200)]
    public Property Every_path_equals_the_reference_around_vector_and_tile_widths() =>
        Prop.ForAll(Cases(Awkward, Awkward, Awkward).ToArbitrary(), Gen.Elements(ForcedPaths).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (g, path, single) => Agrees(single, g, Sequential(path)).Label($"{path}, {(single ? "float" : "double")}"));

    // One size sits just below, on or just above a block edge (the depth KC of a slice of the
    // sum, the rows MC of an A block, the columns NC of a B panel); the others stay small.
    [Property(MaxTest = 100)]
    public Property Packed_path_equals_the_reference_across_cache_block_edges()
    {
        static int[] Around(params int[] edges) => [.. edges.SelectMany(e => new[] { e - 1, e, e + 1 })];
        var kc = GemmPacked.KC;
        var cases =
            from single in Gen.Elements(true, false)
            from big in Gen.Choose(0, 2)
            let edges = big switch
            {
                0 => single ? Around(GemmPacked.MC<float>()) : Around(GemmPacked.MC<double>()),
                1 => single ? Around(GemmPacked.NC<float>()) : Around(GemmPacked.NC<double>()),
                _ => Around(kc, 2 * kc, 3 * kc),
            }
            from size in Gen.Elements(edges)
            from small in Cases(Gen.Choose(1, 13), Gen.Choose(1, 13), Gen.Choose(1, 13))
            from threads in Gen.Choose(1, 3)
            let g = big switch { 0 => small with { M = size }, 1 => small with { N = size }, _ => small with { K = size } }
            select (single, g, threads);
        return Prop.ForAll(cases.ToArbitrary(),
            x => Agrees(x.single, x.g, Parallel(GemmPath.Packed, x.threads)).Label($"{x.threads} threads"));
    }

    [Property(MaxTest = 100)]
    public Property One_thread_and_several_give_identical_bits() =>
        Prop.ForAll(Cases(Gen.Choose(1, 64), Gen.Choose(1, 64), Gen.Choose(1, 400)).ToArbitrary(),
            Gen.Choose(2, 8).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(),
            (g, threads, single) => single ? SameBits<float>(g, threads) : SameBits<double>(g, threads));

    private static bool SameBits<T>(Case g, int threads) where T : IFloatingPointIeee754<T>
    {
        var a = Reference.Uniform<T>(g.M * g.K, g.Seed);
        var b = Reference.Uniform<T>(g.K * g.N, g.Seed + 1);
        var one = Run(g, Sequential(GemmPath.Packed), a, b, new T[g.M * g.N]);
        var many = Run(g, Parallel(GemmPath.Packed, threads), a, b, new T[g.M * g.N]);
        var auto = Run(g, Parallel(GemmPath.Auto, threads), a, b, new T[g.M * g.N]);
        var autoOne = Run(g, Sequential(GemmPath.Auto), a, b, new T[g.M * g.N]);
        var dot = Run(g, Parallel(GemmPath.Dot, threads), a, b, new T[g.M * g.N]);
        var dotOne = Run(g, Sequential(GemmPath.Dot), a, b, new T[g.M * g.N]);
        return Reference.Identical<T>(one, many) && Reference.Identical<T>(auto, autoOne)
            && Reference.Identical<T>(dot, dotOne);
    }

    // The bias and relu applied as tiles are stored give the very bits of the product followed
    // by the separate passes, on every path, thread count and edge; NaN, ±0 and ±∞ included
    // (relu keeps NaN and turns −0 into +0, as TensorPrimitives.Max does).
    [Property(MaxTest = 200)]
    public Property Bias_and_relu_fused_into_the_product_equal_the_separate_passes() =>
        Prop.ForAll((
            from g in Cases(Gen.Choose(1, 40), Gen.Choose(1, 40), Gen.Choose(0, 300))
            from path in Gen.Elements(GemmPath.Auto, GemmPath.Scalar, GemmPath.Portable, GemmPath.Packed, GemmPath.Dot)
            from threads in Gen.Choose(1, 3)
            from relu in Gen.Elements(true, false)
            select (g, path, threads, relu)).ToArbitrary(),
            x => (FusedEqualsSeparate<float>(x.g, x.path, x.threads, x.relu) && FusedEqualsSeparate<double>(x.g, x.path, x.threads, x.relu))
                .Label($"{x.path}, {x.threads} threads, relu {x.relu}"));

    private static bool FusedEqualsSeparate<T>(Case g, GemmPath path, int threads, bool relu) where T : IFloatingPointIeee754<T>
    {
        var a = Reference.Uniform<T>(g.M * g.K, g.Seed);
        var b = Reference.Uniform<T>(g.K * g.N, g.Seed + 1);
        var bias = Reference.Uniform<T>(g.N, g.Seed + 2);
        T[] specials = [T.NaN, T.NegativeZero, T.Zero, T.PositiveInfinity, T.NegativeInfinity];
        bias[(int)(g.Seed % g.N)] = specials[(int)(g.Seed % specials.Length)];
        if (g.K == 0) bias[0] = T.NegativeZero; // an empty sum is +0, and +0 + −0 = +0: relu must keep it +0
        var options = new GemmOptions(path, threads, 0, WorkerPool.Shared);
        var separate = Run(g, options, a, b, new T[g.M * g.N]);
        Kernels.AddRowVector<T>(separate, bias);
        if (relu) Kernels.Relu<T>(separate, separate);
        var fused = new T[g.M * g.N];
        fused.AsSpan().Fill(T.NaN);
        Gemm.Compute<T>(g.M, g.N, g.K, a.AsSpan(0, g.M * g.K), g.Ta, b.AsSpan(0, g.K * g.N), g.Tb, fused, options, bias, relu);
        return Reference.Identical<T>(fused, separate);
    }

    // Whatever C held beforehand, every path writes the same m·n numbers and nothing after them.
    [Property(MaxTest = 100)]
    public Property Every_path_overwrites_C_exactly() =>
        Prop.ForAll(Cases(Gen.Choose(1, 30), Gen.Choose(1, 30), Gen.Choose(0, 30)).ToArbitrary(),
            Gen.Elements(ForcedPaths).ToArbitrary(),
            (g, path) => Overwrites<float>(g, path) && Overwrites<double>(g, path));

    private static bool Overwrites<T>(Case g, GemmPath path) where T : IFloatingPointIeee754<T>
    {
        var a = Reference.Uniform<T>(g.M * g.K, g.Seed);
        var b = Reference.Uniform<T>(g.K * g.N, g.Seed + 1);
        var clean = Run(g, Sequential(path), a, b, new T[g.M * g.N]);
        var dirty = Reference.Uniform<T>(g.M * g.N + 5, g.Seed + 2);
        dirty.AsSpan(g.M * g.N / 2, g.M * g.N / 2).Fill(T.NaN);
        var tail = dirty.AsSpan(g.M * g.N).ToArray();
        Run(g, Sequential(path), a, b, dirty);
        return Reference.Identical<T>(dirty.AsSpan(0, g.M * g.N), clean)
            && Reference.Identical<T>(dirty.AsSpan(g.M * g.N), tail);
    }

    // Zero padding and repeated rows at the edges of tiles must never reach C: an infinity in
    // op(A)(i, p) makes row i of C non-finite and no other; one in op(B)(p, j) only column j.
    [Property(MaxTest = 100)]
    public Property An_infinite_entry_reaches_only_its_own_row_or_column() =>
        Prop.ForAll(Cases(Awkward, Awkward, Awkward).ToArbitrary(), Gen.Elements(ForcedPaths).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (g, path, inA) =>
            {
                var a = Reference.Uniform<float>(g.M * g.K, g.Seed);
                var b = Reference.Uniform<float>(g.K * g.N, g.Seed + 1);
                int row = (int)(g.Seed % g.M), col = (int)(g.Seed % g.N), p = (int)(g.Seed / 7 % g.K);
                if (inA) a[g.Ta == Transpose.No ? row * g.K + p : p * g.M + row] = float.PositiveInfinity;
                else b[g.Tb == Transpose.No ? p * g.N + col : col * g.K + p] = float.NegativeInfinity;
                var c = Run(g, Sequential(path), a, b, new float[g.M * g.N]);
                for (var i = 0; i < g.M; i++)
                    for (var j = 0; j < g.N; j++)
                        if (float.IsFinite(c[i * g.N + j]) == (inA ? i == row : j == col)) return false;
                return true;
            });

    [Property(MaxTest = 100)]
    public Property Operands_too_short_for_the_shape_are_rejected() =>
        Prop.ForAll(Cases(Gen.Choose(1, 9), Gen.Choose(1, 9), Gen.Choose(1, 9)).ToArbitrary(), Gen.Choose(0, 2).ToArbitrary(),
            (g, which) =>
            {
                var a = new float[g.M * g.K - (which == 0 ? 1 : 0)];
                var b = new float[g.K * g.N - (which == 1 ? 1 : 0)];
                var c = new float[g.M * g.N - (which == 2 ? 1 : 0)];
                try { Gemm.Compute<float>(g.M, g.N, g.K, a, g.Ta, b, g.Tb, c, GemmOptions.For(Parallelism.Default)); return false; }
                catch (ArgumentException) { return true; }
            });
}
