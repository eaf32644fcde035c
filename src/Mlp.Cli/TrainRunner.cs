using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Training;

namespace Mlp.Cli;

/// <summary>
/// The run behind <c>mlp train</c>: read the files, plan with the library
/// (<see cref="Fitting.Plan"/>), train while drawing progress, report, then write the model and
/// pictures. Exit codes: 0 done, 2 bad input (nothing written), 1 the loss diverged (the last
/// good model is still written) or a file could not be written.
/// </summary>
public static class TrainRunner
{
    /// <summary>Runs the training the options describe; returns the exit code.</summary>
    public static int Run(TrainOptions options, Terminal terminal)
    {
        var planned = Plan(options);
        if (planned.IsFail) return Cli.UsageErrors(terminal, [((Error)planned).Message], "mlp train");
        var plan = (FitPlan<float>)planned;
        if (!options.Quiet)
            terminal.Out.WriteLine($"training {plan.Network} on {plan.DataName}: {plan.Train.Rows} training rows" +
                (plan.Valid is null ? "" : $", {plan.Valid.Rows} validation") + (plan.Test is null ? "" : $", {plan.Test.Rows} test") +
                $", loss {plan.Loss.Name()}");

        var clock = Stopwatch.StartNew();
        EpochReport<float>? last = null;
        var events = plan.Run(terminal.Cancel, batchEvents: terminal.Interactive && !options.Quiet);
        // With no validation split, the curves show the test rows instead: scored after each epoch for the picture only.
        Func<Network<float>, (double Loss, double? Accuracy)>? testCurve = options.Plot is not null && plan.Valid is null && plan.Test is { } test
            ? net => Trainer.Evaluate(net, test, plan.Loss, plan.Config.Parallelism)
            : null;
        var outcome = Progress.Run(EpochPoint.Of(events, plan.Config.Epochs, e => last = e, clock, testCurve), terminal, options.Quiet);

        // Ctrl-C stops either inside the trainer (mid-epoch) or between the points progress pulls.
        var cancelled = outcome.Cancelled || last?.Stop == StopReason.Cancelled;
        var model = plan.ModelOf(plan.Final(last, cancelled));
        var failed = last?.Stop == StopReason.Diverged;
        if (failed) terminal.Problem($"train: {last!.Message}");
        var note = last?.Stop switch
        {
            StopReason.Diverged => "training diverged; the last good network is kept",
            _ when cancelled => "stopped by Ctrl-C; the best network so far is kept",
            StopReason.EarlyStopped => $"stopped early: {last.Message}",
            _ => null,
        };
        var scores = plan.Scores(model.Network);
        Report.Results(terminal, new RunResult(scores, clock.Elapsed, last?.State.Epoch ?? 0, options.Out, note));
        if (!options.Quiet) Report.Details(terminal, scores[^1], plan.Train.Classes);
        var written = Write(options, plan, model, outcome, terminal);
        return written != Cli.Ok ? written : failed ? Cli.Failure : Cli.Ok;
    }

    /// <summary>
    /// Reads what the options name (the model to continue from, the data, the test file) and
    /// plans the run; every problem comes back as one error for exit code 2.
    /// </summary>
    public static Fin<FitPlan<float>> Plan(TrainOptions o)
    {
        TrainedModel<float>? start = null;
        if (o.InitModel is { } path)
        {
            var loaded = ModelFile.Load<float>(path);
            if (loaded.IsFail) return (Error)loaded;
            start = (TrainedModel<float>)loaded;
        }
        var target = o.Target.IsDefaultOrEmpty ? default : o.Target;
        var source = DataSources.Load<float>(o.Data.NameOrPath,
            start?.LabelledOptions(target) ?? CsvOptions.Default with { Targets = target });
        if (source.IsFail) return (Error)source;
        var (data, test) = (DataSource<float>)source;
        if (o.Test is { } testPath)
        {
            var read = CsvFile.Load<float>(testPath, Csv.OptionsFor(data));
            if (read.IsFail) return (Error)read;
            test = (Dataset<float>)read;
        }
        return Fitting.Plan(data, o.Fit, test, start).Bind(plan =>
            o.PlotBoundary is null || (plan.RawTrain.Features.Cols == 2 && plan.RawTrain.IsClassification)
                ? Fin<FitPlan<float>>.Succ(plan)
                : Error.New($"--plot-boundary: draws the decision regions of data with 2 inputs and class labels; {plan.DataName} has " +
                    $"{plan.RawTrain.Features.Cols} input(s){(plan.RawTrain.IsClassification ? "" : " and a numeric target")}"));
    }

    // The model, then the pictures; each written under a temporary name and renamed.
    private static int Write(TrainOptions options, FitPlan<float> plan, TrainedModel<float> model, ProgressOutcome outcome,
        Terminal terminal)
    {
        Fin<Unit> saved = options.Out is { } path ? ModelFile.Save(path, model) : Unit.Default;
        if (saved.IsSucc && options.Plot is { } plot && outcome.History.Length > 0)
            saved = Files.WriteAtomically(plot, Plots.Curves(outcome.History));
        if (saved.IsSucc && options.PlotBoundary is { } boundary)
            saved = Files.WriteAtomically(boundary, Plots.Boundary(x => model.Classify(x, plan.Config.Parallelism),
                plan.RawTrain.Features, plan.RawTrain.Labels, plan.RawTrain.Classes, plan.RawTrain.FeatureNames));
        if (saved.IsSucc) return Cli.Ok;
        terminal.Problem($"train: {((Error)saved).Message}");
        return Cli.Failure;
    }
}
