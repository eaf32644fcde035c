using System.Diagnostics.Contracts;

namespace Mlp.Optim;

/// <summary>
/// A learning rate as a pure function of the step count <c>t</c> = the number of optimizer
/// updates made before this one (0 for the first). To change the rate once per epoch, as
/// PyTorch's schedulers usually do, wrap a schedule in <see cref="PerEpoch"/>.
/// A closed set: <see cref="Constant"/>, <see cref="StepDecay"/>, <see cref="WarmupCosine"/>,
/// <see cref="PerEpoch"/>.
/// </summary>
public abstract record Schedule
{
    private protected Schedule() { }

    /// <summary>The learning rate <c>η(t)</c> for the update with count <paramref name="step"/> (≥ 0).</summary>
    [Pure]
    public abstract double At(int step);

    /// <summary>A constant learning rate is a schedule.</summary>
    public static implicit operator Schedule(double learningRate) => new Constant(learningRate);
}

/// <summary><c>η(t) = η</c>.</summary>
public sealed record Constant(double LearningRate) : Schedule
{
    /// <inheritdoc/>
    public override double At(int step) => LearningRate;
}

/// <summary>
/// PyTorch's <c>StepLR</c>: <c>η(t) = η₀·γ^⌊t / stepSize⌋</c>, multiplying by <c>γ</c> every
/// <paramref name="StepSize"/> steps.
/// </summary>
public sealed record StepDecay(double LearningRate, int StepSize, double Gamma = 0.1) : Schedule
{
    /// <summary>Steps between two decays (positive).</summary>
    public int StepSize { get; } = StepSize > 0 ? StepSize
        : throw new ArgumentException($"step size must be positive, got {StepSize}", nameof(StepSize));

    /// <inheritdoc/>
    public override double At(int step) => LearningRate * Math.Pow(Gamma, Math.Max(0, step) / StepSize);
}

/// <summary>
/// Linear warm-up then cosine decay (optax's <c>warmup_cosine_decay_schedule</c>): for
/// <c>t &lt; W</c>, <c>η(t) = η_init + (η_peak − η_init)·t/W</c>; then with
/// <c>p = min(1, (t − W)/(T − W))</c>, <c>η(t) = η_min + (η_peak − η_min)·½(1 + cos πp)</c>,
/// reaching <c>η_min</c> at <c>t = T</c> = <paramref name="TotalSteps"/> and staying there.
/// </summary>
public sealed record WarmupCosine(double Peak, int WarmupSteps, int TotalSteps, double Min = 0, double Initial = 0)
    : Schedule
{
    /// <summary>Steps of linear warm-up, <c>0 ≤ W ≤ T</c>.</summary>
    public int WarmupSteps { get; } = WarmupSteps >= 0 && WarmupSteps <= TotalSteps ? WarmupSteps
        : throw new ArgumentException($"need 0 ≤ warm-up ({WarmupSteps}) ≤ total ({TotalSteps}) steps", nameof(WarmupSteps));

    /// <inheritdoc/>
    public override double At(int step)
    {
        var t = Math.Max(0, step);
        if (t < WarmupSteps) return Initial + (Peak - Initial) * t / WarmupSteps;
        var decay = TotalSteps - WarmupSteps;
        var p = decay == 0 ? 1.0 : Math.Min(1.0, (double)(t - WarmupSteps) / decay);
        return Min + (Peak - Min) * 0.5 * (1 + Math.Cos(Math.PI * p));
    }
}

/// <summary>
/// Counts epochs instead of updates: <c>η(t) = inner(⌊t / stepsPerEpoch⌋)</c>, so the rate is
/// constant within an epoch and <paramref name="Inner"/>'s unit is the epoch (PyTorch's
/// <c>scheduler.step()</c> once per epoch). <paramref name="StepsPerEpoch"/> is the number of
/// mini-batches per epoch.
/// </summary>
public sealed record PerEpoch(Schedule Inner, int StepsPerEpoch) : Schedule
{
    /// <summary>Mini-batches per epoch (positive).</summary>
    public int StepsPerEpoch { get; } = StepsPerEpoch > 0 ? StepsPerEpoch
        : throw new ArgumentException($"steps per epoch must be positive, got {StepsPerEpoch}", nameof(StepsPerEpoch));

    /// <inheritdoc/>
    public override double At(int step) => Inner.At(Math.Max(0, step) / StepsPerEpoch);
}
