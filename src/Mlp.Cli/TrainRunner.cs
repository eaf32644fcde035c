namespace Mlp.Cli;

/// <summary>
/// The training run behind <c>mlp train</c>. <b>LEAD: wire the trainer here.</b> This is the
/// single call site the checked <see cref="TrainOptions"/> reach; everything around it is ready:
/// <list type="number">
/// <item>load <see cref="TrainOptions.Data"/> (Data/Io), or the model of <see cref="TrainOptions.InitModel"/>;</item>
/// <item>run the trainer's lazy <c>IEnumerable&lt;EpochReport&gt;</c>, mapped to <see cref="EpochPoint"/>s,
///   through <see cref="Progress.Run"/> (live bar or one line per epoch; stops between batches on
///   <see cref="Terminal.Cancel"/>), keeping the best network as the sequence goes by;</item>
/// <item>print <see cref="Report.Results"/> and, for classification, <see cref="Report.Confusion"/>;</item>
/// <item>write <see cref="TrainOptions.Out"/> (ModelFile), <see cref="TrainOptions.Plot"/>
///   (<see cref="Plots.Curves"/>) and <see cref="TrainOptions.PlotBoundary"/> (<see cref="Plots.Boundary"/>);</item>
/// <item>return 0, or 1 with the epoch named when the loss became NaN.</item>
/// </list>
/// </summary>
public static class TrainRunner
{
    /// <summary>Runs the training the options describe; returns the exit code.</summary>
    public static int Run(TrainOptions options, Terminal terminal)
    {
        // Temporary: the trainer, data readers and model file land in other branches.
        terminal.Problem($"train: the trainer is not wired in yet (options were valid: {options.Data}, hidden " +
            $"[{string.Join(",", options.Hidden)}], {TrainOptions.Name(options.Optimizer)}, lr {options.LearningRate})");
        return 1;
    }
}
