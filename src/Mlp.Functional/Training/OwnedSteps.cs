using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>
/// The trainer's loop for plain SGD and plain Adam, without a fresh parameter set per step.
/// Two private copies of the state (parameters, and Adam's m and v) are used in turn: each step
/// reads one and writes the other, so the state before the last step is always still there
/// (the divergence rule keeps it), and one gradient buffer is reused, since these optimizers
/// never keep their input. Nothing here is ever seen outside the loop: what the loop hands out
/// (<see cref="Snapshot"/>) are fresh immutable copies. The arithmetic is that of
/// <see cref="Trainer.Step{T}"/>, bit for bit (property-tested), only the buffers differ: a
/// pure step allocates four parameter sets, 3.7 MB for 784-256-128-10, and the collector's work
/// and the cache misses on fresh memory cost about a sixth of the step (measured). Whether the
/// steps' products use all threads or one is chosen by timing (<see cref="ThreadTuner"/>).
/// </summary>
internal sealed class OwnedSteps<T> where T : IFloatingPointIeee754<T>
{
    private readonly ScaleByAdam? adam;
    private readonly ScaleByLearningRate rate;
    private readonly (T[] M, T[] V, T[] O)[][] sides; // [side][leaf]: m, v, θ
    private readonly Network<T>[] nets;                 // the network viewed over each side's θ
    private readonly ParamSet<T>[] mus, nus;            // Adam's moments viewed over each side
    private readonly T[][] gradients;
    private readonly ParamSet<T> gradientView;
    private int current, adamCount, scheduleCount;
    private readonly ThreadTuner tuner = new();
    private int? fullBatch;

    /// <summary>Whether the optimizer is one this loop runs: plain SGD or plain Adam (no clipping, no decay).</summary>
    internal static bool Supports(IGradientTransform optimizer, OptState state) =>
        optimizer is Chain { Parts: [ScaleByLearningRate] } && state is ChainState { Inner: [ScheduleState] }
        || optimizer is Chain { Parts: [ScaleByAdam, ScaleByLearningRate] } && state is ChainState { Inner: [AdamState<T>, ScheduleState] };

    /// <summary>Private copies of <paramref name="net"/> and <paramref name="state"/>; null when <see cref="Supports"/> is false.</summary>
    internal static OwnedSteps<T>? TryCreate(IGradientTransform optimizer, Network<T> net, OptState state) =>
        Supports(optimizer, state) ? new OwnedSteps<T>((Chain)optimizer, net, (ChainState)state) : null;

    private OwnedSteps(Chain chain, Network<T> net, ChainState state)
    {
        rate = (ScaleByLearningRate)chain.Parts[^1];
        scheduleCount = ((ScheduleState)state.Inner[^1]).Count;
        adam = chain.Parts[0] as ScaleByAdam;
        var leaves = net.Params.Leaves;
        var adamState = adam is null ? null : (AdamState<T>)state.Inner[0];
        adamCount = adamState?.Count ?? 0;
        sides = new (T[] M, T[] V, T[] O)[2][];
        nets = new Network<T>[2];
        (mus, nus) = (new ParamSet<T>[2], new ParamSet<T>[2]);
        for (var side = 0; side < 2; side++)
        {
            sides[side] = new (T[], T[], T[])[leaves.Length];
            for (var i = 0; i < leaves.Length; i++)
            {
                var n = leaves[i].Length;
                sides[side][i] = adam is null ? ([], [], new T[n]) : (new T[n], new T[n], new T[n]);
            }
            nets[side] = net.WithParams(View(side, s => s.O, leaves));
            if (adam is not null) (mus[side], nus[side]) = (View(side, s => s.M, leaves), View(side, s => s.V, leaves));
        }
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i].Span.CopyTo(sides[0][i].O);
            if (adamState is null) continue;
            adamState.Mu[i].Span.CopyTo(sides[0][i].M);
            adamState.Nu[i].Span.CopyTo(sides[0][i].V);
        }
        gradients = [.. leaves.Select(l => new T[l.Length])];
        gradientView = new ParamSet<T>([.. leaves.Select((l, i) => Matrix<T>.Own(gradients[i], l.Rows, l.Cols))]);
    }

    private ParamSet<T> View(int side, Func<(T[] M, T[] V, T[] O), T[]> part, ImmutableArray<Matrix<T>> shapes) =>
        new([.. shapes.Select((l, i) => Matrix<T>.Own(part(sides[side][i]), l.Rows, l.Cols))]);

    /// <summary>
    /// One step on a batch: the loss and outputs at the current state, then (when the loss is
    /// finite) the new state, written over the state before last. A non-finite loss changes nothing.
    /// </summary>
    internal (double Loss, Matrix<T> Output) Step(ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Loss loss)
    {
        // Only full batches are timed (an epoch's last batch may be smaller).
        var timed = Gemm.Threads > 1 && (fullBatch ??= rows) == rows;
        var alone = timed && tuner.NextAlone;
        var cap = alone ? Gemm.CapThreads(1) : 0;
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = StepOn(x, t, rows, loss);
            if (timed && double.IsFinite(result.Loss)) tuner.Record(Stopwatch.GetElapsedTime(start).TotalSeconds);
            return result;
        }
        finally
        {
            if (alone) Gemm.CapThreads(cap);
        }
    }

    private (double Loss, Matrix<T> Output) StepOn(ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Loss loss)
    {
        var (value, _, output) = StepKernel.LossAndGradients(nets[current], x, t, rows, loss, gradients);
        var lossValue = double.CreateChecked(value);
        if (!double.IsFinite(lossValue)) return (lossValue, output);
        var eta = OptimizerStep.SignedRate<T>(rate, scheduleCount);
        var (from, to) = (sides[current], sides[1 - current]);
        if (adam is not null)
        {
            adam.StepInto(gradientView, new AdamState<T>(adamCount, mus[current], nus[current]), nets[current].Params, eta, to);
            adamCount++;
        }
        else
            for (var i = 0; i < from.Length; i++)
                OptimizerStep.ScaledAddInto<T>(from[i].O, gradients[i], eta, to[i].O);
        scheduleCount++;
        current = 1 - current;
        return (lossValue, output);
    }

    /// <summary>
    /// Fresh immutable copies of the current state, or (<paramref name="previous"/>) of the state
    /// before the last step.
    /// </summary>
    internal (Network<T> Network, OptState State) Snapshot(bool previous = false)
    {
        var side = previous ? 1 - current : current;
        var count = previous ? scheduleCount - 1 : scheduleCount;
        var net = nets[side].WithParams(Copy(nets[side].Params));
        var schedule = new ScheduleState(count);
        if (adam is null) return (net, new ChainState([schedule]));
        var moments = new AdamState<T>(previous ? adamCount - 1 : adamCount, Copy(mus[side]), Copy(nus[side]));
        return (net, new ChainState([moments, schedule]));
    }

    private static ParamSet<T> Copy(ParamSet<T> p) => new([.. p.Leaves.Select(l => Matrix<T>.Create(l.Rows, l.Cols, l.Span))]);
}
