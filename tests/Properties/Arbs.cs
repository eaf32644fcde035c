using FsCheck;
using FsCheck.Fluent;
using Mlp.Losses;
using Mlp.Model;

namespace Mlp.Tests.Properties;

/// <summary>A <c>[Rows × Cols]</c> block of numbers to be drawn from <see cref="Seed"/> (rows 1–16, cols 1–8).</summary>
public sealed record Block(int Rows, int Cols, int Seed);

/// <summary>A small layer to initialise: fans 1–64.</summary>
public sealed record Layer(int FanIn, int FanOut, int Seed);

/// <summary>A large layer to initialise, for sample moments: fans 100–200 (10⁴–4·10⁴ draws).</summary>
public sealed record WideLayer(int FanIn, int FanOut, int Seed);

/// <summary>
/// The generators every property class registers with
/// <c>[Properties(Arbitrary = new[] { typeof(Arbs) })]</c>. Sizes, names and a seed are
/// generated; the numbers come from the seed (see <see cref="NetSpec"/> and <see cref="Seeded"/>).
/// Shrinkers only make sizes smaller, so a counterexample ends as a tiny network.
/// </summary>
public static class Arbs
{
    /// <summary>
    /// 1–4 layers, widths 1–8, any hidden activation (softmax included), a loss with an output
    /// that fits it (cross-entropy ↔ softmax, binary cross-entropy ↔ sigmoid, mse ↔ any),
    /// any initialiser, batch 1–16, a seed.
    /// </summary>
    public static Arbitrary<NetSpec> NetSpec() => Arb.From(NetSpecs, spec => spec.Shrink());

    /// <summary>Rows 1–16, columns 1–8, a seed; shrinks by halving each size.</summary>
    public static Arbitrary<Block> Block() => Arb.From(
        from rows in Gen.Choose(1, 16)
        from cols in Gen.Choose(1, 8)
        from seed in Seeds
        select new Block(rows, cols, seed),
        b => Halve(b.Rows).Select(r => b with { Rows = r })
            .Concat(Halve(b.Cols).Select(c => b with { Cols = c })));

    /// <summary>Fans 1–64, a seed; shrinks by halving each fan.</summary>
    public static Arbitrary<Layer> Layer() => Arb.From(
        from fanIn in Gen.Choose(1, 64)
        from fanOut in Gen.Choose(1, 64)
        from seed in Seeds
        select new Layer(fanIn, fanOut, seed),
        l => Halve(l.FanIn).Select(f => l with { FanIn = f })
            .Concat(Halve(l.FanOut).Select(f => l with { FanOut = f })));

    /// <summary>Fans 100–200, a seed. No shrinker: smaller layers would leave the statistical regime.</summary>
    public static Arbitrary<WideLayer> WideLayer() => Arb.From(
        from fanIn in Gen.Choose(100, 200)
        from fanOut in Gen.Choose(100, 200)
        from seed in Seeds
        select new WideLayer(fanIn, fanOut, seed));

    private static Gen<int> Seeds => Gen.Choose(0, int.MaxValue);

    private static Gen<NetSpec> NetSpecs =>
        from layers in Gen.Choose(1, 4)
        from sizes in Gen.Choose(1, 8).ArrayOf(layers + 1)
        from hidden in Gen.Elements(Activations.All.ToArray()).ArrayOf(layers - 1)
        from loss in Gen.Elements(LossFunctions.All.ToArray())
        from output in OutputFor(loss)
        from init in Gen.Elements(Init.All.ToArray())
        from batch in Gen.Choose(1, 16)
        from seed in Seeds
        select new NetSpec([.. sizes], [.. hidden, output], loss, init, batch, seed);

    /// <summary>The output activations a loss fits.</summary>
    public static Gen<Activation> OutputFor(Loss loss) => loss switch
    {
        Loss.CrossEntropy => Gen.Constant(Activation.Softmax),
        Loss.BinaryCrossEntropy => Gen.Constant(Activation.Sigmoid),
        _ => Gen.Elements(Activations.All.ToArray()),
    };

    // Smaller positive sizes: 1, then halves, then one less (FsCheck's usual order).
    internal static IEnumerable<int> Halve(int n) =>
        new[] { 1, n / 2, n - 1 }.Where(m => m >= 1 && m < n).Distinct();
}
