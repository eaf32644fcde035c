using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Io;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Cli;

/// <summary>
/// The run behind <c>mlp train</c>: read the files, plan with the library
/// (<see cref="Fitting.Plan"/>), train while drawing progress, report, then write the model and
/// pictures. Exit codes: 0 done, 2 bad input (nothing written), 1 the loss diverged (the last
/// good model is written beside <c>--out</c>, never over it) or a file could not be written,
/// 130 Ctrl-C before the first epoch completed (nothing written).
/// </summary>
public static class TrainRunner
{
    /// <summary>Runs the training the options describe; returns the exit code.</summary>
    public static int Run(TrainOptions options, Terminal terminal)
    {
        // A diverged run writes beside --out: that name must be writable too, known before any work.
        if (options.Out is { } output && Files.Writable(DivergedPath(output)) is { IsFail: true } beside)
            return Cli.UsageErrors(terminal,
                [$"--out: a diverged run would write its last good network to '{DivergedPath(output)}': {((Error)beside).Message}"], "mlp train");
        var planned = Plan(options);
        if (planned.IsFail) return Cli.UsageErrors(terminal, [((Error)planned).Message], "mlp train");
        var plan = (FitPlan<float>)planned;
        if (!options.Quiet)
            terminal.Out.WriteLine($"training {plan.Network} on {plan.DataName}: {plan.Train.Rows} training rows" +
                (plan.Valid is null ? "" : $", {plan.Valid.Rows} validation") + (plan.Test is null ? "" : $", {plan.Test.Rows} test") +
                $", loss {plan.Loss.Name()}");
        if (!options.Quiet) Notes(plan, terminal);

        var clock = Stopwatch.StartNew();
        EpochReport<float>? last = null;
        // --checkpoint, --resume: TrainCheckpoint.cs
        var checkpoints = TrainCheckpoint.For(options, plan, terminal);
        var events = checkpoints.Saving(plan.Run(terminal.Cancel, batchEvents: terminal.Interactive && !options.Quiet));
        // With no validation split, the curves show the test rows instead: scored after each epoch for the picture only.
        Func<Network<float>, (double Loss, double? Accuracy)>? testCurve = options.Plot is not null && plan.Valid is null && plan.Test is { } test
            ? net => Trainer.Evaluate(net, test, plan.Loss, plan.Config.Parallelism)
            : null;
        var outcome = Progress.Run(EpochPoint.Of(events, plan.Config.Epochs, e => last = e, clock, testCurve), terminal, options.Quiet);

        // Ctrl-C stops either inside the trainer (mid-epoch) or between the points progress pulls.
        var cancelled = outcome.Cancelled || last?.Stop == StopReason.Cancelled;
        if (cancelled && outcome.History.Length == 0) return Interrupted(options, terminal);
        var diverged = last?.Stop == StopReason.Diverged;
        var model = plan.ModelOf(plan.Final(last, cancelled));
        if (diverged) terminal.Problem($"train: {last!.Message}");
        var checkpointFailed = checkpoints.Failed(terminal);
        var scores = plan.Scores(model.Network);
        var (saved, path) = SaveModel(options, model, diverged, terminal);
        var note = last?.Stop switch
        {
            StopReason.Diverged when path is not null => $"training diverged; the last good network is in {path}, and {options.Out} is left as it was",
            StopReason.Diverged => "training diverged; the last good network is not saved" + (options.Out is null ? " (use --out)" : ""),
            _ when cancelled => "stopped by Ctrl-C; the best network so far is kept",
            StopReason.EarlyStopped => $"stopped early: {last.Message}",
            _ => null,
        };
        // "model written" only once the file is there
        Report.Results(terminal, new RunResult(scores, clock.Elapsed, last?.State.Epoch ?? 0, path, note)
            { NotSaved = saved ? null : "model not written (see the error above)" });
        if (!options.Quiet) Report.Details(terminal, scores[^1], plan.Train.Classes);
        var drawn = Pictures(options, plan, model, outcome, terminal);
        return saved && drawn && !diverged && !checkpointFailed ? Cli.Ok : Cli.Failure;
    }

    /// <summary>
    /// Where a diverged run keeps its last good network: <c>NAME.diverged.json</c> beside the
    /// <c>--out</c> file <c>NAME.json</c>, never over it (DESIGN.md, exit codes).
    /// </summary>
    public static string DivergedPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + ".diverged.json");

    // Ctrl-C before one epoch was done: nothing better than what there was, so nothing is written (exit 130).
    private static int Interrupted(TrainOptions options, Terminal terminal)
    {
        terminal.Problem("train: stopped by Ctrl-C before the first epoch completed; nothing is worth saving"
            + (options.Out is { } path ? $", and {path} is left as it was" : ""));
        return Cli.Interrupted;
    }

    // What the run decided from the data on its own, one line each.
    private static void Notes(FitPlan<float> plan, Terminal terminal)
    {
        if (plan.Notes.TaskDecided)
            terminal.Out.WriteLine($"task: {Echo.Escape(plan.Notes.Task)} (--task {(plan.Train.IsClassification ? "regression" : "classification")} to override)");
        foreach (var line in plan.Notes.Lines) terminal.Out.WriteLine($"note: {Echo.Escape(line)}");
        if (plan.Config.Patience is not null && plan.Valid is null)
            terminal.Out.WriteLine("note: no validation rows, so early stopping watches the training loss");
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
        // Regression asked for reads the targets as numbers straight away.
        var reading = start?.LabelledOptions(o.Reading.Targets, o.Reading) ?? o.Reading with { Task = o.Fit.Task };
        var source = DataSources.LoadTable<float>(o.Data.NameOrPath, reading);
        if (source.IsFail) return (Error)source;
        var (table, test) = (TableSource<float>)source;
        if (o.Test is { } testPath)
        {
            // The test file's targets are the training table's, by name (its columns may stand elsewhere).
            var read = CsvFile.LoadTable<float>(testPath, reading with { Targets = table.TargetNames });
            if (read.IsFail) return (Error)read;
            test = (Table<float>)read;
        }
        return Fitting.Plan(table, o.Fit, test, start).Bind(plan => TrainCheckpoint.Resume(o, plan)).Bind(plan =>
            o.PlotBoundary is null || Boundary(plan) is not null
                ? Fin<FitPlan<float>>.Succ(plan)
                : Error.New($"--plot-boundary: draws the decision regions of data with 2 numeric input columns and class labels; " +
                    $"{plan.DataName} has {plan.Source.Features.Length} input column(s) ({string.Join(", ", plan.Source.FeatureNames.Take(6))})" +
                    (plan.Train.IsClassification ? "" : " and a numeric target")));
    }

    // The training rows' two numeric input columns, when the data has exactly those and class labels.
    private static Matrix<float>? Boundary(FitPlan<float> plan)
    {
        if (!plan.Train.IsClassification || plan.Source.Features is not [Column<float>.Numeric a, Column<float>.Numeric b]) return null;
        var rows = plan.TrainRows;
        return Matrix<float>.Build(rows.Length, 2, (i, j) => (j == 0 ? a : b).Values[rows[i]]);
    }

    // The model, to --out or (diverged) beside it; the path written, or null with the problem printed.
    private static (bool Saved, string? Path) SaveModel(TrainOptions options, TrainedModel<float> model, bool diverged, Terminal terminal)
    {
        if (options.Out is not { } path) return (true, null);
        var to = diverged ? DivergedPath(path) : path;
        var saved = ModelFile.Save(to, model);
        if (saved.IsSucc) return (true, to);
        terminal.Problem($"train: {((Error)saved).Message}");
        return (false, null);
    }

    // The pictures, each written under a temporary name and renamed; false when one could not be written.
    private static bool Pictures(TrainOptions options, FitPlan<float> plan, TrainedModel<float> model, ProgressOutcome outcome,
        Terminal terminal)
    {
        Fin<Unit> saved = Unit.Default;
        if (options.Plot is { } plot && outcome.History.Length > 0)
            saved = Files.WriteAtomically(plot, Plots.Curves(outcome.History));
        if (saved.IsSucc && options.PlotBoundary is { } boundary)
            saved = Files.WriteAtomically(boundary, Plots.Boundary(x => model.Classify(x, plan.Config.Parallelism),
                Boundary(plan)!, plan.Train.Labels, plan.Train.Classes, plan.Source.FeatureNames));
        if (saved.IsSucc) return true;
        terminal.Problem($"train: {((Error)saved).Message}");
        return false;
    }
}
