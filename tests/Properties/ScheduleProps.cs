using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Optim;

namespace Mlp.Tests.Properties;

/// <summary>Learning-rate schedules as pure functions of the step count.</summary>
[Properties(MaxTest = 100, QuietOnSuccess = true)]
public class ScheduleProps
{
    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b));

    [Property]
    public bool Warm_up_is_linear_from_initial_to_peak(PositiveInt w, PositiveInt extra, NormalFloat peak)
    {
        var (warm, peakLr) = (w.Get % 50 + 1, Math.Abs(peak.Get) % 1 + 1e-3);
        var s = new WarmupCosine(peakLr, warm, warm + extra.Get % 100, Min: peakLr / 10, Initial: peakLr / 5);
        var slope = (s.At(warm) - s.At(0)) / warm;
        return Close(s.At(0), peakLr / 5) && Close(s.At(warm), peakLr)
            && Enumerable.Range(0, warm).All(t => Close(s.At(t + 1) - s.At(t), slope));
    }

    [Property]
    public bool Cosine_decays_monotonically_to_the_minimum_at_the_end(PositiveInt w, PositiveInt d)
    {
        var (warm, total) = (w.Get % 20, w.Get % 20 + d.Get % 200 + 1);
        var s = new WarmupCosine(0.1, warm, total, Min: 0.002);
        var decaying = Enumerable.Range(warm, total - warm).All(t => s.At(t + 1) <= s.At(t));
        var halfway = (warm + total) % 2 == 0 ? Close(s.At((warm + total) / 2), 0.051) : true; // ½(peak + min)
        return decaying && halfway && s.At(total) == 0.002 && s.At(total + 17) == 0.002 && Close(s.At(warm), 0.1);
    }

    [Property]
    public bool Step_decay_multiplies_by_gamma_at_each_boundary(PositiveInt size, PositiveInt k)
    {
        var (n, gamma) = (size.Get % 30 + 1, 0.5 + k.Get % 5 / 10.0);
        var s = new StepDecay(0.2, n, gamma);
        var boundaries = Enumerable.Range(1, 6).All(b => Close(s.At(b * n), s.At(b * n - 1) * gamma));
        var flat = Enumerable.Range(0, 6 * n).Where(t => (t + 1) % n != 0).All(t => s.At(t + 1) == s.At(t));
        return s.At(0) == 0.2 && boundaries && flat;
    }

    [Property]
    public bool Per_epoch_holds_the_rate_within_an_epoch(PositiveInt spe, PositiveInt t)
    {
        var inner = new StepDecay(0.1, 2, 0.5);
        var s = new PerEpoch(inner, spe.Get % 40 + 1);
        return s.At(t.Get) == inner.At(t.Get / s.StepsPerEpoch);
    }

    [Property]
    public bool Constant_is_constant(PositiveInt t, NormalFloat lr) =>
        new Constant(lr.Get).At(t.Get) == lr.Get && ((Schedule)lr.Get).At(0) == lr.Get;
}
