using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>
/// The trainer's step on one mini-batch, and the state it has reached: the one abstraction the
/// loop steps through, with two forms chosen in one place (<see cref="For"/>): the pure step
/// (<see cref="PureSteps{T}"/>, fresh values every step) and the owned-buffer step
/// (<see cref="OwnedSteps{T}"/>, the same arithmetic in private buffers). Both gather each
/// batch's rows into two rented buffers, and both let the <see cref="ThreadTuner"/> choose, by
/// timing, between all threads and one.
/// </summary>
internal abstract class StepPath<T> : IDisposable where T : IFloatingPointIeee754<T>
{
    private readonly T[] x, t;
    private readonly Parallelism parallelism, alone;
    private readonly ThreadTuner tuner = new();
    private int? fullBatch;

    protected StepPath(IGradientTransform optimizer, TrainConfig config, int batchRows, int inputs, int outputs)
    {
        (Optimizer, Loss, parallelism, alone) = (optimizer, config.Loss, config.Parallelism, config.Parallelism.WithThreads(1));
        (x, t) = (ArrayPool<T>.Shared.Rent(batchRows * inputs), ArrayPool<T>.Shared.Rent(batchRows * outputs));
    }

    /// <summary>The optimizer the steps apply.</summary>
    protected IGradientTransform Optimizer { get; }

    /// <summary>The loss the steps minimise.</summary>
    protected Loss Loss { get; }

    /// <summary>Steps taken (those with a finite loss).</summary>
    public int Steps { get; private set; }

    /// <summary>
    /// The owned-buffer step when the optimizer has an in-buffer form (every built-in one has),
    /// else the pure step. Starts from <paramref name="state"/>.
    /// </summary>
    public static StepPath<T> For(IGradientTransform optimizer, TrainState<T> state, TrainConfig config, int batchRows, int inputs) =>
        OptimizerStep.CanStepInto(optimizer, state.Optimizer, state.Network.Params)
            ? new OwnedSteps<T>(optimizer, state, config, batchRows, inputs)
            : new PureSteps<T>(optimizer, state, config, batchRows, inputs);

    /// <summary>
    /// One step on the rows <paramref name="rows"/> of <paramref name="data"/>: the loss and the
    /// outputs at the current state, then, when the loss is finite, the next state. A
    /// non-finite loss changes nothing.
    /// </summary>
    public (double Loss, Matrix<T> Output) Step(IExamples<T> data, ReadOnlySpan<int> rows)
    {
        var (inputs, outputs) = (data.Features.Cols, data.Targets.Cols);
        data.Features.GatherRows(rows, x);
        data.Targets.GatherRows(rows, t);
        // Only full batches are timed (an epoch's last batch may be smaller).
        var timed = parallelism.Threads > 1 && (fullBatch ??= rows.Length) == rows.Length;
        var start = Stopwatch.GetTimestamp();
        var (loss, output) = Take(x.AsSpan(0, rows.Length * inputs), t.AsSpan(0, rows.Length * outputs), rows.Length,
            timed && tuner.NextAlone ? alone : parallelism);
        if (!double.IsFinite(loss)) return (loss, output);
        if (timed) tuner.Record(Stopwatch.GetElapsedTime(start).TotalSeconds);
        Steps++;
        return (loss, output);
    }

    /// <summary>The step itself on gathered rows; advances the state only when the loss is finite.</summary>
    protected abstract (double Loss, Matrix<T> Output) Take(ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Parallelism parallelism);

    /// <summary>
    /// The network and optimizer state now, or (<paramref name="beforeLastStep"/>) before the last
    /// step, as values nobody else holds. The state before any step is the start.
    /// </summary>
    public abstract (Network<T> Network, OptState Optimizer) State(bool beforeLastStep = false);

    /// <summary>The learning rate the next step will use (NaN when the optimizer has none).</summary>
    public double LearningRate => Optim.Optimizers.LearningRate(Optimizer, CurrentState) ?? double.NaN;

    /// <summary>The optimizer's state now, as it is (not a copy: read it, never keep it).</summary>
    protected abstract OptState CurrentState { get; }

    /// <summary>Returns the rented batch buffers.</summary>
    public void Dispose()
    {
        ArrayPool<T>.Shared.Return(x);
        ArrayPool<T>.Shared.Return(t);
    }
}

/// <summary>The pure step: <see cref="Trainer.Step{T}"/>'s fresh network and state every step.</summary>
internal sealed class PureSteps<T>(IGradientTransform optimizer, TrainState<T> state, TrainConfig config, int batchRows, int inputs)
    : StepPath<T>(optimizer, config, batchRows, inputs, state.Network.Outputs) where T : IFloatingPointIeee754<T>
{
    private (Network<T> Network, OptState Optimizer) now = (state.Network, state.Optimizer), before;

    protected override (double Loss, Matrix<T> Output) Take(ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Parallelism parallelism)
    {
        var step = Trainer.StepOn(now.Network, now.Optimizer, Optimizer, x, t, rows, Loss, parallelism);
        if (double.IsFinite(step.Loss)) (before, now) = (now, (step.Network, step.Optimizer));
        return (step.Loss, step.Output);
    }

    public override (Network<T> Network, OptState Optimizer) State(bool beforeLastStep = false) =>
        beforeLastStep && Steps > 0 ? before : now;

    protected override OptState CurrentState => now.Optimizer;
}

/// <summary>
/// The owned-buffer step: two private copies of the state (parameters and the optimizer's
/// moments), used in turn, so each step reads one and writes the other, and the state before the
/// last step is always still there (the divergence rule keeps it); one gradient buffer and two
/// scratch sets for the updates (when the chain needs them) are reused. Nothing here is ever seen outside the loop: what
/// <see cref="State"/> hands out are fresh copies. The arithmetic is the pure step's, run by the
/// same code (<see cref="OptimizerStep"/> with destinations), so the two agree bit for bit
/// (property-tested); a pure step allocates four parameter sets (3.7 MB for 784-256-128-10), and
/// the collector's work and the cache misses on fresh memory cost about a sixth of the step.
/// </summary>
internal sealed class OwnedSteps<T> : StepPath<T> where T : IFloatingPointIeee754<T>
{
    private readonly Network<T>[] nets = new Network<T>[2];            // each side's network, over its θ buffers
    private readonly StepBuffers<T>[] sides = new StepBuffers<T>[2];   // where a step into that side writes
    private readonly OptState[] states = new OptState[2];              // the state each side holds, over its buffers
    private readonly ParamSet<T> gradients;
    private int current;

    public OwnedSteps(IGradientTransform optimizer, TrainState<T> state, TrainConfig config, int batchRows, int inputs)
        : base(optimizer, config, batchRows, inputs, state.Network.Outputs)
    {
        // Scratch sets carry updates between parts of the chain; plain sgd and adam have none to carry.
        var (scratchA, scratchB) = StepBuffers<T>.NeedScratch((Chain)optimizer)
            ? (Updates.ZerosLike(state.Network.Params), Updates.ZerosLike(state.Network.Params))
            : (null, null);
        for (var side = 0; side < 2; side++)
        {
            var theta = state.Network.Params.Copy();
            states[side] = state.Optimizer.Copy();
            nets[side] = state.Network.WithParams(theta);
            sides[side] = new StepBuffers<T>(theta, (ChainState)states[side], scratchA, scratchB);
        }
        gradients = Updates.ZerosLike(state.Network.Params);
    }

    protected override (double Loss, Matrix<T> Output) Take(ReadOnlySpan<T> x, ReadOnlySpan<T> t, int rows, Parallelism parallelism)
    {
        var (value, _, output) = StepKernel.LossAndGradients(nets[current], x, t, rows, Loss, parallelism, gradients);
        var loss = double.CreateChecked(value);
        if (!double.IsFinite(loss)) return (loss, output);
        var other = 1 - current;
        (_, states[other]) = OptimizerStep.Take(Optimizer, gradients, states[current], sides[current].Params, sides[other], parallelism);
        current = other;
        return (loss, output);
    }

    public override (Network<T> Network, OptState Optimizer) State(bool beforeLastStep = false)
    {
        var side = beforeLastStep && Steps > 0 ? 1 - current : current;
        return (nets[side].WithParams(sides[side].Params.Copy()), states[side].Copy());
    }

    protected override OptState CurrentState => states[current];
}
