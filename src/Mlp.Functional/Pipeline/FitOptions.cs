using System.Collections.Immutable;
using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using static LanguageExt.Prelude;

namespace Mlp.Pipeline;

/// <summary>How the learning rate changes over a run, counted in epochs.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate throughout.</summary>
    Constant,
    /// <summary>× <see cref="FitOptions.StepGamma"/> every <see cref="FitOptions.StepPeriod"/> epochs (PyTorch's StepLR once per epoch).</summary>
    Step,
    /// <summary>Linear warm-up over <see cref="FitOptions.Warmup"/> epochs, then cosine decay to 0.</summary>
    Cosine,
}

/// <summary>The names of the schedules.</summary>
public static class ScheduleKinds
{
    /// <summary>Name used on the command line: <c>constant</c>, <c>step</c>, <c>cosine</c>.</summary>
    public static string Name(this ScheduleKind kind) => kind switch
    {
        ScheduleKind.Constant => "constant",
        ScheduleKind.Step => "step",
        ScheduleKind.Cosine => "cosine",
        _ => throw new UnreachableException(),
    };

    /// <summary>Every schedule.</summary>
    public static IReadOnlyList<ScheduleKind> All { get; } = Enum.GetValues<ScheduleKind>();
}

/// <summary>
/// What to build and how to train it, as <c>mlp train</c> takes it: the network's shape, the
/// optimizer, the run, the preprocessing and the validation hold-out. Defaults train iris in
/// about a second to ≥ 0.95 accuracy. Pure data; <see cref="Fitting"/> turns it into a run.
/// </summary>
public sealed record FitOptions
{
    /// <summary>Classification or regression; auto decides from the targets (see <see cref="Targets.Decide{T}"/>), and a loss of mse alone asks for regression.</summary>
    public TaskKind Task { get; init; } = TaskKind.Auto;
    /// <summary>Hidden layer widths, input side first; empty for no hidden layer.</summary>
    public ImmutableArray<int> Hidden { get; init; } = [16];
    /// <summary>Activation of every hidden layer.</summary>
    public Activation Activation { get; init; } = Activation.Relu;
    /// <summary>The loss; null chooses it from the targets (see <see cref="Outputs.Choose{T}"/>).</summary>
    public Loss? Loss { get; init; }
    /// <summary>The update rule.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>The learning rate η &gt; 0 (the peak, with a schedule).</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Momentum coefficient in [0, 1) for <c>momentum</c> and <c>nesterov</c>.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Weight decay ≥ 0 (decoupled for adamw); null: 0, or PyTorch's 0.01 for adamw.</summary>
    public double? WeightDecay { get; init; }
    /// <summary>Clip gradients to this global norm; null: no clipping.</summary>
    public double? ClipNorm { get; init; }
    /// <summary>How the learning rate changes over the epochs.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;
    /// <summary>Epochs of linear warm-up of the cosine schedule.</summary>
    public int Warmup { get; init; }
    /// <summary>The step schedule multiplies the rate by <see cref="StepGamma"/> every this many epochs; null: a third of the run.</summary>
    public int? StepEvery { get; init; }
    /// <summary>The step schedule's factor, in (0, 1].</summary>
    public double StepGamma { get; init; } = 0.1;
    /// <summary>Passes over the training rows, ≥ 1.</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>Rows per mini-batch; null for the full batch.</summary>
    public int? BatchSize { get; init; } = 16;
    /// <summary>Seed of every random choice: initialisation, hold-out, shuffling.</summary>
    public long Seed { get; init; } = 42;
    /// <summary>Weight initialiser; null: He for relu-like hidden units, Xavier otherwise.</summary>
    public Initializer? Init { get; init; }
    /// <summary>Feature scaling fitted on the training rows only; null for none.</summary>
    public ScalerKind? Preprocess { get; init; } = ScalerKind.Standardize;
    /// <summary>How missing cells are filled, fitted on the training rows.</summary>
    public ImputeKind Impute { get; init; } = ImputeKind.Auto;
    /// <summary>A categorical column with more categories than this in the training rows is an error.</summary>
    public int MaxCategories { get; init; } = 100;
    /// <summary>A category unseen in training is an error (instead of encoding to zeros).</summary>
    public bool UnknownIsError { get; init; }
    /// <summary>Share of rows held out for validation, in [0, 1); null: see <see cref="ValidationShare"/>.</summary>
    public double? Validation { get; init; }
    /// <summary>Early stopping's patience in epochs; null for none.</summary>
    public int? EarlyStopping { get; init; }
    /// <summary>Whether each epoch visits the rows in a new random order.</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary>The threads the products may use. It changes no result.</summary>
    public Parallelism Parallelism { get; init; } = Parallelism.Default;

    /// <summary>The defaults, as <c>mlp train</c> with no options uses them.</summary>
    public static FitOptions Defaults { get; } = new();

    /// <summary>Every setting out of its range, at once (the command line checks its flags before; a library caller may not).</summary>
    public Validation<Error, FitOptions> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string problem) { if (!ok) problems.Add(problem); }
        Check(!Hidden.IsDefault && Hidden.All(h => h >= 1), $"hidden layer widths must be ≥ 1, got [{(Hidden.IsDefault ? "" : string.Join(", ", Hidden))}]");
        // One input and one output are the least any data brings: beyond the limits even then, no data can fit.
        if (!Hidden.IsDefault && Hidden.All(h => h >= 1)
            && ModelLimits.Problem([1, .. Hidden, 1], $"a network with hidden layers {ModelLimits.Shape(Hidden)}") is { } tooLarge)
            problems.Add(tooLarge);
        Check(Activation != Activation.Softmax, "softmax is an output activation; hidden layers take another");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"the learning rate must be a positive number, got {LearningRate}");
        Check(Momentum is >= 0 and < 1, $"the momentum must be in [0, 1), got {Momentum}");
        Check(WeightDecay is null or (>= 0 and < double.PositiveInfinity), $"the weight decay must be ≥ 0, got {WeightDecay}");
        Check(ClipNorm is null or (> 0 and < double.PositiveInfinity), $"the clipping norm must be positive, got {ClipNorm}");
        Check(Warmup >= 0, $"the warm-up must be ≥ 0 epochs, got {Warmup}");
        Check(StepEvery is null or >= 1, $"the step schedule's period must be ≥ 1 epoch, got {StepEvery}");
        Check(StepGamma is > 0 and <= 1, $"the step schedule's factor must be in (0, 1], got {StepGamma}");
        Check(Epochs >= 1, $"epochs must be ≥ 1, got {Epochs}");
        Check(BatchSize is null or >= 1, $"the batch size must be ≥ 1 (null for the full batch), got {BatchSize}");
        Check(Validation is null or (>= 0 and < 1), $"the validation share must be in [0, 1), got {Validation}");
        Check(EarlyStopping is null or >= 1, $"early stopping's patience must be ≥ 1 epoch, got {EarlyStopping}");
        Check(MaxCategories >= 1, $"the most categories a column may have must be ≥ 1, got {MaxCategories}");
        return problems.Count == 0 ? Success<Error, FitOptions>(this) : Fail<Error, FitOptions>(toSeq(problems.Select(Error.New)));
    }

    /// <summary>The initialiser used: <see cref="Init"/>, or He for relu-like hidden units and Xavier otherwise.</summary>
    public Initializer Initializer => Init ?? (Activation is Activation.Relu or Activation.LeakyRelu or Activation.Gelu
        ? Initializer.HeUniform : Initializer.XavierUniform);

    /// <summary>
    /// The validation share used: <see cref="Validation"/>, or 0.2, except 0 when the data has a
    /// test set and no early stopping needs a validation loss, or when there are too few rows
    /// (under 50, like xor) to spare any.
    /// </summary>
    public double ValidationShare(int rows, bool hasTest) =>
        Validation ?? (rows < 50 || (hasTest && EarlyStopping is null) ? 0 : 0.2);

    /// <summary>The step schedule's period in epochs: <see cref="StepEvery"/>, or a third of the run (at least 1).</summary>
    public int StepPeriod => StepEvery ?? Math.Max(1, Epochs / 3);

    /// <summary>How the preprocessing is fitted under these options.</summary>
    public PreprocessSettings Preprocessing => new(Preprocess, Impute, MaxCategories);

    /// <summary>The trainer's settings for these options and loss.</summary>
    public TrainConfig ConfigFor(Loss loss) =>
        new(loss, Epochs, BatchSize ?? 0, Shuffle, Seed, EarlyStopping) { Parallelism = Parallelism };

    /// <summary>The optimizer, its learning-rate schedule counted in steps of <paramref name="batchesPerEpoch"/> batches.</summary>
    public IGradientTransform OptimizerFor(int batchesPerEpoch) =>
        Optimizers.Create(Optimizer, LearningRates(batchesPerEpoch), Momentum, WeightDecay, ClipNorm);

    // Schedules count optimizer steps; these options speak in epochs.
    private Optim.Schedule LearningRates(int batchesPerEpoch) => Schedule switch
    {
        ScheduleKind.Step => new PerEpoch(new StepDecay(LearningRate, StepPeriod, StepGamma), batchesPerEpoch),
        ScheduleKind.Cosine => new WarmupCosine(LearningRate, Math.Min(Warmup, Epochs) * batchesPerEpoch, Epochs * batchesPerEpoch),
        ScheduleKind.Constant => LearningRate,
        _ => throw new UnreachableException(),
    };
}
