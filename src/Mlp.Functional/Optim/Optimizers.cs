using System.Diagnostics;
using System.Diagnostics.Contracts;

namespace Mlp.Optim;

/// <summary>The optimizers the command line names (<c>--optimizer</c>).</summary>
public enum OptimizerKind { Sgd, Momentum, Nesterov, Adam, AdamW, RmsProp }

/// <summary>
/// Ready-made optimizers as chains of transforms (optax's alias.py), with PyTorch's update rules
/// and defaults. Each chain is: clip by global norm (if <c>clipNorm</c> is given), coupled L2
/// weight decay <c>g ← g + λθ</c> (if <c>weightDecay</c> &gt; 0; decoupled for AdamW), the rule,
/// then <see cref="ScaleByLearningRate"/>. <c>lr</c> is a number or any <see cref="Schedule"/>
/// (counted in updates; see <see cref="PerEpoch"/>); <c>null</c> means PyTorch's default.
/// </summary>
public static class Optimizers
{
    /// <summary>Plain SGD, <c>θ ← θ − η g</c> (PyTorch default η = 1e-3).</summary>
    [Pure]
    public static IGradientTransform Sgd(Schedule? lr = null, double weightDecay = 0, double? clipNorm = null) =>
        Build(OptimizerKind.Sgd, lr, clipNorm, weightDecay);

    /// <summary>SGD with momentum: <c>b ← μb + g</c> (first <c>b = g</c>), <c>θ ← θ − η b</c>.</summary>
    [Pure]
    public static IGradientTransform Momentum(Schedule? lr = null, double momentum = 0.9, double weightDecay = 0,
        double? clipNorm = null) =>
        Build(OptimizerKind.Momentum, lr, clipNorm, weightDecay, new MomentumTrace(CheckMomentum(momentum)));

    /// <summary>Nesterov momentum as PyTorch: <c>b ← μb + g</c>, <c>θ ← θ − η (g + μb)</c>.</summary>
    [Pure]
    public static IGradientTransform Nesterov(Schedule? lr = null, double momentum = 0.9, double weightDecay = 0,
        double? clipNorm = null)
    {
        Check(momentum > 0, $"Nesterov momentum needs a positive momentum, got {momentum}");
        return Build(OptimizerKind.Nesterov, lr, clipNorm, weightDecay, new MomentumTrace(CheckMomentum(momentum), Nesterov: true));
    }

    /// <summary>Adam: <c>θ ← θ − η m̂/(√v̂ + ε)</c>; weight decay, if any, is coupled (L2).</summary>
    [Pure]
    public static IGradientTransform Adam(Schedule? lr = null, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, double? clipNorm = null) =>
        Build(OptimizerKind.Adam, lr, clipNorm, weightDecay, AdamRule(beta1, beta2, eps));

    /// <summary>
    /// AdamW: decoupled decay, <c>θ ← θ(1 − ηλ)</c> then the Adam step, as the single update
    /// <c>u = −η(m̂/(√v̂ + ε) + λθ)</c> (PyTorch default λ = 0.01).
    /// </summary>
    [Pure]
    public static IGradientTransform AdamW(Schedule? lr = null, double weightDecay = 0.01, double beta1 = 0.9,
        double beta2 = 0.999, double eps = 1e-8, double? clipNorm = null) =>
        Build(OptimizerKind.AdamW, lr, clipNorm, 0, AdamRule(beta1, beta2, eps),
            new AddDecayedWeights(CheckDecay(weightDecay)));

    /// <summary>
    /// RMSprop: <c>v ← αv + (1−α)g²</c>, <c>θ ← θ − η g/(√v + ε)</c> (PyTorch default η = 0.01);
    /// with momentum μ &gt; 0, <c>b ← μb + g/(√v + ε)</c>, <c>θ ← θ − η b</c>.
    /// </summary>
    [Pure]
    public static IGradientTransform RmsProp(Schedule? lr = null, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, double? clipNorm = null)
    {
        Check(alpha is >= 0 and <= 1, $"alpha must be in [0, 1], got {alpha}");
        Check(eps >= 0, $"epsilon must be ≥ 0, got {eps}");
        IGradientTransform rms = new ScaleByRms(alpha, eps);
        return CheckMomentum(momentum) == 0
            ? Build(OptimizerKind.RmsProp, lr, clipNorm, weightDecay, rms)
            : Build(OptimizerKind.RmsProp, lr, clipNorm, weightDecay, rms, new MomentumTrace(momentum));
    }

    /// <summary>
    /// The optimizer <paramref name="kind"/> with PyTorch's defaults, except the given learning
    /// rate, <paramref name="momentum"/> (used by <c>momentum</c> and <c>nesterov</c>) and
    /// weight decay (<c>null</c>: 0, or 0.01 for AdamW).
    /// </summary>
    [Pure]
    public static IGradientTransform Create(OptimizerKind kind, Schedule? lr = null, double momentum = 0.9,
        double? weightDecay = null, double? clipNorm = null) => kind switch
        {
            OptimizerKind.Sgd => Sgd(lr, weightDecay ?? 0, clipNorm),
            OptimizerKind.Momentum => Momentum(lr, momentum, weightDecay ?? 0, clipNorm),
            OptimizerKind.Nesterov => Nesterov(lr, momentum, weightDecay ?? 0, clipNorm),
            OptimizerKind.Adam => Adam(lr, weightDecay: weightDecay ?? 0, clipNorm: clipNorm),
            OptimizerKind.AdamW => AdamW(lr, weightDecay ?? 0.01, clipNorm: clipNorm),
            OptimizerKind.RmsProp => RmsProp(lr, weightDecay: weightDecay ?? 0, clipNorm: clipNorm),
            _ => throw new UnreachableException(),
        };

    /// <summary>PyTorch's default learning rate: 0.01 for RMSprop, 1e-3 for the others.</summary>
    public static double DefaultLearningRate(this OptimizerKind kind) => kind == OptimizerKind.RmsProp ? 1e-2 : 1e-3;

    /// <summary>Name used on the command line.</summary>
    public static string Name(this OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => "sgd",
        OptimizerKind.Momentum => "momentum",
        OptimizerKind.Nesterov => "nesterov",
        OptimizerKind.Adam => "adam",
        OptimizerKind.AdamW => "adamw",
        OptimizerKind.RmsProp => "rmsprop",
        _ => throw new UnreachableException(),
    };

    /// <summary>Every optimizer, in declaration order.</summary>
    public static IReadOnlyList<OptimizerKind> All { get; } = Enum.GetValues<OptimizerKind>();

    /// <summary>Parses a command-line name (<c>sgd</c>, …, <c>rmsprop</c>); <c>null</c> when unknown.</summary>
    public static OptimizerKind? Parse(string name) =>
        All.Select(k => (OptimizerKind?)k).FirstOrDefault(k => k!.Value.Name() == name);

    /// <summary>
    /// The learning rate the <i>next</i> update will use, <c>η(t)</c> with <c>t</c> the updates
    /// made so far: read it before an epoch for the rate used during that epoch (under
    /// <see cref="PerEpoch"/>), after it for the next one. <c>null</c> when the transform has no
    /// <see cref="ScaleByLearningRate"/>.
    /// </summary>
    [Pure]
    public static double? LearningRate(IGradientTransform optimizer, OptState state)
    {
        switch (optimizer, state)
        {
            case (ScaleByLearningRate s, ScheduleState c): return s.Schedule.At(c.Count);
            case (Chain chain, ChainState cs) when chain.Parts.Length == cs.Inner.Length:
                for (var i = 0; i < chain.Parts.Length; i++)
                    if (LearningRate(chain.Parts[i], cs.Inner[i]) is { } lr) return lr;
                return null;
            default: return null;
        }
    }

    private static Chain Build(OptimizerKind kind, Schedule? lr, double? clipNorm, double weightDecay,
        params IGradientTransform[] rule)
    {
        var schedule = lr ?? kind.DefaultLearningRate();
        if (schedule is Constant c) Check(c.LearningRate >= 0, $"learning rate must be ≥ 0, got {c.LearningRate}");
        var parts = new List<IGradientTransform>(rule.Length + 3);
        if (clipNorm is { } max)
        {
            Check(max > 0, $"the clipping norm must be positive, got {max}");
            parts.Add(new ClipByGlobalNorm(max));
        }
        if (CheckDecay(weightDecay) > 0) parts.Add(new AddDecayedWeights(weightDecay));
        parts.AddRange(rule);
        parts.Add(new ScaleByLearningRate(schedule));
        return new Chain([.. parts]);
    }

    private static ScaleByAdam AdamRule(double beta1, double beta2, double eps)
    {
        Check(beta1 is >= 0 and < 1 && beta2 is >= 0 and < 1, $"betas must be in [0, 1), got ({beta1}, {beta2})");
        Check(eps >= 0, $"epsilon must be ≥ 0, got {eps}");
        return new ScaleByAdam(beta1, beta2, eps);
    }

    private static double CheckMomentum(double momentum)
    {
        Check(momentum >= 0, $"momentum must be ≥ 0, got {momentum}");
        return momentum;
    }

    private static double CheckDecay(double weightDecay)
    {
        Check(weightDecay >= 0, $"weight decay must be ≥ 0, got {weightDecay}");
        return weightDecay;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentOutOfRangeException(null, message);
    }
}
