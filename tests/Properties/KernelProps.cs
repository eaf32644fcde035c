using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>Hand-vectorised element-wise kernels against their scalar formulas, bit for bit.</summary>
[Properties(MaxTest = 100, QuietOnSuccess = true)]
public class KernelProps
{
    // Lengths 0–70 cover empty leaves, the vector body (8 floats, 4 doubles) and every tail.
    private static T[] Draw<T>(int n, ref Sampler s, double scale) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new T[n];
        for (var i = 0; i < n; i++) a[i] = T.CreateChecked(scale * (2 * s.NextDouble() - 1));
        return a;
    }

    private static bool AdamMatchesScalar<T>(int n, int seed) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var (g, m) = (Draw<T>(n, ref s, 3), Draw<T>(n, ref s, 1));
        var v = Draw<T>(n, ref s, 1).Select(T.Abs).ToArray();
        T a1 = T.CreateChecked(0.1), b2 = T.CreateChecked(0.999), a2 = T.CreateChecked(0.001),
          eps = T.CreateChecked(1e-8), c2 = T.CreateChecked(0.0447), c1 = T.CreateChecked(0.19);
        var (m1, v1, u) = (new T[n], new T[n], new T[n]);
        AdamKernel.Step<T>(g, m, v, a1, b2, a2, eps, c2, c1, m1, v1, u);
        for (var i = 0; i < n; i++)
        {
            var mi = (g[i] - m[i]) * a1 + m[i];
            var vi = v[i] * b2 + g[i] * g[i] * a2;
            var ui = mi / (T.Sqrt(vi) / c2 + eps) / c1;
            if (!m1[i].Equals(mi) || !v1[i].Equals(vi) || !u[i].Equals(ui)) return false;
        }
        return true;
    }

    [Property]
    public Property Fused_adam_equals_its_scalar_formula_in_float_and_double() =>
        Prop.ForAll(Gen.Choose(0, 70).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(),
            (n, seed) => AdamMatchesScalar<float>(n, seed) && AdamMatchesScalar<double>(n, seed));

    // A fused scale-and-add must round exactly as Update (−η·u) then Apply (θ + that).
    private static bool FusedStepEqualsUpdateThenApply<T>(string name, int seed) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var net = Mlp.Model.Init.Network<T>([5, 7, 3], Mlp.Model.Activation.Tanh, Mlp.Model.Activation.Softmax,
            Mlp.Model.Initializer.XavierUniform, seed);
        var p = net.Params;
        var s = new Sampler(Rng.FromSeed(seed + 1));
        var opt = Optimizers.Create(Optimizers.Parse(name)!.Value, 0.037, weightDecay: 0.01, clipNorm: 1.5);
        var (stateA, stateB) = (opt.Init(p), opt.Init(p));
        var (pa, pb) = (p, p);
        for (var step = 0; step < 3; step++)
        {
            var g = new Mlp.Model.ParamSet<T>([.. p.Leaves.Select(l => Mlp.Tensors.Matrix<T>.Build(l.Rows, l.Cols,
                (_, _) => T.CreateChecked(2 * s.NextDouble() - 1)))]);
            var (u, nextA) = opt.Update(g, stateA, pa);
            (pa, stateA) = (Updates.Apply(pa, u), nextA);
            (pb, stateB) = OptimizerStep.Take(opt, g, stateB, pb);
        }
        return pa.Equals(pb) && stateA.Equals(stateB);
    }

    [Property]
    public Property One_pass_optimizer_step_equals_update_then_apply_bit_for_bit() =>
        Prop.ForAll(Gen.Elements("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop").ToArbitrary(),
            Gen.Choose(0, 1_000_000).ToArbitrary(),
            (name, seed) => FusedStepEqualsUpdateThenApply<float>(name, seed) && FusedStepEqualsUpdateThenApply<double>(name, seed));
}
