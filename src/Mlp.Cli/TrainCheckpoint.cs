using LanguageExt;
using LanguageExt.Common;
using Mlp.Io;
using Mlp.Pipeline;
using Mlp.Training;

namespace Mlp.Cli;

/// <summary>
/// Checkpoints on the command line. <c>--resume FILE</c>: the plan continues from a checkpoint of
/// the same run (the library checks it; another run's is exit 2, naming what differs).
/// <c>--checkpoint FILE</c>: a checkpoint is saved after every complete epoch (atomically: a crash
/// leaves the previous one), so a run stopped by Ctrl-C, a crash or a reboot resumes bit for bit.
/// A diverged or half-done epoch is never saved; training stops if a checkpoint cannot be written.
/// </summary>
public static class TrainCheckpoint
{
    /// <summary><paramref name="plan"/>, continuing from the checkpoint <c>--resume</c> names when given.</summary>
    public static Fin<FitPlan<float>> Resume(TrainOptions options, FitPlan<float> plan) =>
        options.Resume is not { } path ? plan
        : CheckpointFile.Read<float>(path).Bind(checkpoint => plan.Resume(checkpoint)
            .BiMap(Succ: resumed => resumed, Fail: e => Error.New($"--resume {path}: {e.Message}")));

    /// <summary>What saves the run's checkpoints (when <c>--checkpoint</c> is given); says when the run resumes.</summary>
    public static Saver For(TrainOptions options, FitPlan<float> plan, Terminal terminal)
    {
        if (plan.From is { } from && !options.Quiet)
            terminal.Out.WriteLine($"resuming from {options.Resume}: {from.Epoch} of {plan.Config.Epochs} epochs done" +
                (Trainer.StoppedEarly(from, plan.Config) ? $"; early stopping had stopped the run (best: epoch {from.BestEpoch})" : ""));
        // The record hashes every training row: once per run, not per epoch.
        return new Saver(plan, options.Checkpoint, options.Checkpoint is null ? null : Resuming.Record(plan));
    }

    /// <summary>Saves a checkpoint at the end of each complete epoch, as the run's events go by.</summary>
    public sealed class Saver(FitPlan<float> plan, string? path, RunRecord? run)
    {
        private string? failure;

        /// <summary>
        /// The events, a checkpoint saved before each complete epoch's end is passed on. When one
        /// cannot be saved, the events stop there (see <see cref="Failed"/>).
        /// </summary>
        public IEnumerable<TrainEvent<float>> Saving(IEnumerable<TrainEvent<float>> events)
        {
            foreach (var e in events)
            {
                // Diverged and cancelled reports hold a half-done epoch: resuming from one would not continue the run.
                if (path is not null && run is not null
                    && e is TrainEvent<float>.EpochEnd { Report.Stop: StopReason.None or StopReason.Completed or StopReason.EarlyStopped } end)
                {
                    var saved = CheckpointFile.Save(path, plan.CheckpointAt(end.Report.State, run));
                    if (saved.IsFail)
                    {
                        failure = $"{((Error)saved).Message}; training stopped after epoch {end.Report.Epoch}";
                        yield return e;
                        yield break;
                    }
                }
                yield return e;
            }
        }

        /// <summary>Whether a checkpoint could not be saved; says so on the terminal once the run is over.</summary>
        public bool Failed(Terminal terminal)
        {
            if (failure is not null) terminal.Problem($"train: {failure}");
            return failure is not null;
        }
    }
}
