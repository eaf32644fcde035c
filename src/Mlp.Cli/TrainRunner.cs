using System.Collections.Immutable;
using System.Diagnostics;
using Mlp.Data;
using Mlp.Io;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Cli;

/// <summary>
/// The training run behind <c>mlp train</c>: prepare (<see cref="TrainSetup"/>), train while
/// drawing progress, report, then write the model and pictures. Exit codes: 0 done, 2 bad input
/// (nothing written), 1 the loss diverged (the last good model is still written).
/// </summary>
public static class TrainRunner
{
    /// <summary>Runs the training the options describe; returns the exit code.</summary>
    public static int Run(TrainOptions options, Terminal terminal)
    {
        var prepared = TrainSetup.Prepare(options);
        if (prepared.IsFail)
            return Cli.UsageErrors(terminal, [((LanguageExt.Common.Error)prepared).Message], "mlp train");
        var plan = (TrainPlan)prepared;
        if (!options.Quiet)
            terminal.Out.WriteLine($"training {plan.Network} on {plan.DataName}: {plan.Train.Rows} training rows" +
                (plan.Valid is null ? "" : $", {plan.Valid.Rows} validation") + (plan.Test is null ? "" : $", {plan.Test.Rows} test") +
                $", loss {Losses.LossFunctions.Name(plan.Loss)}");

        var clock = Stopwatch.StartNew();
        EpochReport<float>? last = null;
        var start = Trainer.Start(plan.Network, plan.Optimizer, plan.Config);
        var events = Trainer.Resume(start, plan.Optimizer, plan.Train, plan.Valid, plan.Config, terminal.Cancel,
            batchEvents: terminal.Interactive && !options.Quiet);
        var lr = Optim.Optimizers.LearningRate(plan.Optimizer, start.Optimizer) ?? double.NaN;
        var outcome = Progress.Run(Points(events, plan.Config.Epochs, lr, e => last = e, clock), terminal, options.Quiet);

        // Ctrl-C stops either inside the trainer (mid-epoch) or between the points progress pulls.
        var cancelled = outcome.Cancelled || last?.Stop == StopReason.Cancelled;
        var final = last is null ? start.Network
            : options.EarlyStopping is not null || cancelled ? last.Best : last.Network;
        var failed = last?.Stop == StopReason.Diverged;
        if (failed) terminal.Problem($"train: {last!.Message}");
        var note = last?.Stop switch
        {
            StopReason.Diverged => "training diverged; the last good network is kept",
            _ when cancelled => "stopped by Ctrl-C; the best network so far is kept",
            StopReason.EarlyStopped => $"stopped early: {last.Message}",
            _ => null,
        };
        Report.Results(terminal, new RunResult(Scores(plan, final), clock.Elapsed, last?.State.Epoch ?? 0, options.Out, note));
        var shown = plan.Test ?? plan.Valid ?? plan.Train;
        if (shown.IsClassification && !options.Quiet)
        {
            var predicted = Predictions.Labels(final, shown.Features, plan.Config.Parallelism);
            Report.Confusion(terminal, shown.Classes, Report.ConfusionCounts(shown.Labels, predicted, shown.Classes.Length),
                $"confusion matrix ({(plan.Test is not null ? "test" : plan.Valid is not null ? "validation" : "training")} rows)");
        }
        var written = Write(options, plan, final, outcome.History, terminal);
        return written != Cli.Ok ? written : failed ? Cli.Failure : Cli.Ok;
    }

    // Trainer events as progress points, remembering the last epoch report as they pass.
    private static IEnumerable<EpochPoint> Points(IEnumerable<TrainEvent<float>> events, int epochs, double lr,
        Action<EpochReport<float>> seen, Stopwatch clock)
    {
        double sum = 0;
        var (count, batches) = (0, 1);
        foreach (var e in events)
        {
            switch (e)
            {
                case TrainEvent<float>.BatchEnd b:
                    (sum, count) = b.Batch == 1 ? (b.Loss, 1) : (sum + b.Loss, count + 1);
                    batches = b.Batches;
                    if (b.Batch < b.Batches)
                        yield return new EpochPoint(b.Epoch, epochs, b.Batch, b.Batches, sum / count, null, null, null, lr, clock.Elapsed);
                    break;
                case TrainEvent<float>.EpochEnd { Report: var r }:
                    seen(r);
                    lr = r.LearningRate;
                    if (r.Stop is StopReason.Diverged or StopReason.Cancelled) yield break;
                    yield return new EpochPoint(r.Epoch, r.Epochs, batches, batches, r.TrainLoss, r.TrainAccuracy, r.ValidLoss,
                        r.ValidAccuracy, r.LearningRate, clock.Elapsed);
                    break;
            }
        }
    }

    private static ImmutableArray<SplitScore> Scores(TrainPlan plan, Network<float> net)
    {
        var scores = ImmutableArray.CreateBuilder<SplitScore>();
        foreach (var (name, data) in new[] { ("train", plan.Train), ("validation", plan.Valid), ("test", plan.Test) })
        {
            if (data is null) continue;
            var (loss, accuracy) = Trainer.Evaluate(net, data, plan.Loss, plan.Config.Parallelism);
            scores.Add(new SplitScore(name, loss, accuracy));
        }
        return scores.ToImmutable();
    }

    // The model, then the pictures; each written under a temporary name and renamed.
    private static int Write(TrainOptions options, TrainPlan plan, Network<float> net, ImmutableArray<EpochPoint> history,
        Terminal terminal)
    {
        if (options.Out is { } path)
        {
            var model = new TrainedModel<float>(net, plan.Loss,
                plan.Train.IsClassification ? plan.Train.Classes : null, plan.Train.FeatureNames, plan.Scaler);
            var saved = ModelFile.Save(path, model);
            if (saved.IsFail)
            {
                terminal.Problem($"train: {((LanguageExt.Common.Error)saved).Message}");
                return Cli.Failure;
            }
        }
        try
        {
            if (options.Plot is { } plot && history.Length > 0) Plots.Curves(history, plot);
            if (options.PlotBoundary is { } boundary) DrawBoundary(plan, net, boundary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            terminal.Problem($"train: cannot write a picture: {e.Message}");
            return Cli.Failure;
        }
        return Cli.Ok;
    }

    // TrainSetup has checked that the data has 2 inputs and class labels.
    private static void DrawBoundary(TrainPlan plan, Network<float> net, string path)
    {
        var data = plan.Train;
        // Draw in the data's own units: undo the scaling for the points, redo it for the grid.
        var scaler = plan.Scaler;
        var raw = Matrix<double>.Build(data.Rows, 2, (i, j) =>
            scaler is null ? data.Features[i, j] : data.Features[i, j] * scaler.Scale[j] + scaler.Mean[j]);
        int[] Classify(Matrix<double> grid)
        {
            var x = Matrix<float>.Build(grid.Rows, 2, (i, j) => (float)grid[i, j]);
            return Predictions.Labels(net, scaler is null ? x : scaler.Apply(x), plan.Config.Parallelism);
        }
        Plots.Boundary(Classify, raw, data.Labels, data.Classes, path);
    }
}
