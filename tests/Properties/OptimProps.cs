using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Model;
using Mlp.Optim;

namespace Mlp.Tests.Properties;

/// <summary>The laws of optimizers as pure transformations (optax's design, PyTorch's rules).</summary>
[Properties(Arbitrary = new[] { typeof(OptimArbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class OptimProps
{
    [Property]
    public bool Chain_of_nothing_is_the_identity(LeafCase c)
    {
        var (p, g) = (c.Draw<double>(0), c.Draw<double>(1));
        var id = new Chain([]);
        var s = id.Init(p);
        var (u, s1) = id.Update(g, s, p);
        return u.Equals(g) && s1.Equals(s) && Updates.Apply(p, u).Equals(Leafwise.Zip(p, g, (a, b) => a + b));
    }

    [Property]
    public bool Sgd_gives_p_minus_lr_g_exactly_in_double(LeafCase c, NormalFloat lr)
    {
        var eta = Math.Abs(lr.Get) % 10;
        var (p, g) = (c.Draw<double>(0), c.Draw<double>(1));
        var sgd = Optimizers.Sgd(eta);
        var (u, _) = sgd.Update(g, sgd.Init(p), p);
        return Updates.Apply(p, u).Equals(Leafwise.Zip(p, g, (a, b) => a - eta * b));
    }

    [Property]
    public bool Sgd_gives_p_minus_lr_g_exactly_in_float(LeafCase c)
    {
        const float eta = 0.3f;
        var (p, g) = (c.Draw<float>(0), c.Draw<float>(1));
        var sgd = Optimizers.Sgd(eta);
        var (u, _) = sgd.Update(g, sgd.Init(p), p);
        return Updates.Apply(p, u).Equals(Leafwise.Zip(p, g, (a, b) => a - eta * b));
    }

    [Property]
    public Property Adams_first_step_is_minus_lr_sign_g(LeafCase c)
    {
        // Step 1: m̂ = g, v̂ = g², so the update is −η·g/(|g| + ε) = −η·sign(g)·(1 − O(ε/|g|)).
        const double lr = 0.05;
        var (p, g) = (c.Draw<double>(0), c.DrawAwayFromZero<double>(1));
        var adam = Optimizers.Adam(lr);
        var (u, _) = adam.Update(g, adam.Init(p), p);
        var worst = Leafwise.Elements(u).Zip(Leafwise.Elements(g), (ui, gi) => Math.Abs(ui + lr * Math.Sign(gi))).Max();
        return (worst <= lr * 1e-6).Label($"worst |u + η·sign g| = {worst}");
    }

    [Property]
    public bool Init_is_pure(LeafCase c, OptimCase o)
    {
        var p = c.Draw<double>(0);
        var copy = Leafwise.Copy(p);
        var opt = o.Build();
        return opt.Init(p).Equals(opt.Init(p)) && p.Equals(copy);
    }

    [Property]
    public Property Update_never_mutates_its_inputs_and_is_deterministic(LeafCase c, OptimCase o)
    {
        var opt = o.Build();
        // Two independent runs of three steps reach the same state; then step one of them.
        var (p, sA) = Run(opt, c, 3);
        var (_, sB) = Run(opt, c, 3);
        var g = c.Draw<double>(9);
        var (pCopy, gCopy) = (Leafwise.Copy(p), Leafwise.Copy(g));
        var (u1, s1) = opt.Update(g, sA, p);
        var (u2, s2) = opt.Update(g, sA, p);
        return (sA.Equals(sB) && p.Equals(pCopy) && g.Equals(gCopy)).Label("inputs unchanged")
            .And((u1.Equals(u2) && s1.Equals(s2)).Label("same inputs, same outputs"))
            .And((!s1.Equals(sA)).Label("a step changes the state (equality can fail)"));
    }

    [Property]
    public bool Momentum_with_zero_momentum_is_sgd_bit_for_bit(LeafCase c)
    {
        var (sgd, heavy) = (Optimizers.Sgd(0.1), Optimizers.Momentum(0.1, momentum: 0));
        var (p1, s1, p2, s2) = (c.Draw<double>(0), sgd.Init(c.Draw<double>(0)), c.Draw<double>(0), heavy.Init(c.Draw<double>(0)));
        for (var k = 1; k <= 3; k++)
        {
            var g = Leafwise.Zip(c.Draw<double>(k), p1, (a, b) => a + b); // a gradient that depends on θ
            (var u1, s1) = sgd.Update(g, s1, p1);
            (var u2, s2) = heavy.Update(g, s2, p2);
            (p1, p2) = (Updates.Apply(p1, u1), Updates.Apply(p2, u2));
        }
        return p1.Equals(p2);
    }

    [Property]
    public Property Clipping_never_increases_the_norm_and_caps_it(LeafCase c, NormalFloat max)
    {
        var maxNorm = 1e-3 + Math.Abs(max.Get) % 3;
        var g = c.Draw<double>(1);
        var clip = new ClipByGlobalNorm(maxNorm);
        var (u, _) = clip.Update(g, clip.Init(g), g);
        var (before, after) = (Leafwise.Norm(g), Leafwise.Norm(u));
        var parallel = Leafwise.Elements(u).Zip(Leafwise.Elements(g), (a, b) => Math.Abs(a) <= Math.Abs(b) && a * b >= 0).All(x => x);
        return (after <= before).Label($"norm {before} → {after}")
            .And((after <= maxNorm * (1 + 1e-12)).Label($"norm {after} ≤ max {maxNorm}"))
            .And(parallel.Label("same direction, no element grows"));
    }

    [Property]
    public bool Clipping_leaves_small_gradients_unchanged(LeafCase c, PositiveInt slack)
    {
        var g = c.Draw<double>(1);
        var clip = new ClipByGlobalNorm(Leafwise.Norm(g) * (1 + slack.Get / 100.0) + 1e-5);
        return clip.Update(g, clip.Init(g), g).Updates.Equals(Leafwise.Copy(g));
    }

    [Property]
    public bool The_learning_rate_follows_the_schedule_step_by_step(LeafCase c, PositiveInt warmup)
    {
        var schedule = new WarmupCosine(0.1, warmup.Get % 5, 10, Min: 0.001);
        var opt = Optimizers.Adam(schedule, clipNorm: 1);
        var p = c.Draw<double>(0);
        var s = opt.Init(p);
        for (var t = 0; t < 12; t++)
        {
            if (Optimizers.LearningRate(opt, s) != schedule.At(t)) return false;
            (var u, s) = opt.Update(c.Draw<double>(t + 1), s, p);
            p = Updates.Apply(p, u);
        }
        return true;
    }

    [Property]
    public Property Float_and_double_agree_for_every_optimizer(LeafCase c, OptimCase o)
    {
        // The same transform drives either element type. Gradients stay away from zero and weight
        // decay is off: Adam's first step is ≈ sign(g), so a g + λθ that cancels to ~0 would let
        // float and double rounding pick different signs (an ill-conditioned input, not a bug).
        var opt = (o with { Decay = false }).Build();
        var (pd, pf) = (c.Draw<double>(0), c.Draw<float>(0));
        var (sd, sf) = (opt.Init(pd), opt.Init(pf));
        for (var k = 1; k <= 3; k++)
        {
            (var ud, sd) = opt.Update(c.DrawAwayFromZero<double>(k), sd, pd);
            (var uf, sf) = opt.Update(c.DrawAwayFromZero<float>(k), sf, pf);
            (pd, pf) = (Updates.Apply(pd, ud), Updates.Apply(pf, uf));
        }
        var worst = Leafwise.Elements(pd).Zip(Leafwise.Elements(pf), (d, f) => Math.Abs(d - f)).Max();
        return (worst <= 1e-5).Label($"worst |θ_double − θ_float| = {worst}");
    }

    private static (ParamSet<double> Params, OptState State) Run(IGradientTransform opt, LeafCase c, int steps)
    {
        var p = c.Draw<double>(0);
        var s = opt.Init(p);
        for (var k = 1; k <= steps; k++)
        {
            (var u, s) = opt.Update(c.Draw<double>(k), s, p);
            p = Updates.Apply(p, u);
        }
        return (p, s);
    }
}
