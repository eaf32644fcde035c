using System.Collections.Immutable;
using System.Diagnostics;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Pipeline;

namespace Mlp.Cli;

/// <summary>Where the training rows come from: a data set shipped with Mlp, or a file.</summary>
public abstract record DataSource
{
    /// <summary>The built-in names (<c>--data</c>).</summary>
    public static readonly ImmutableArray<string> BuiltInNames = ["xor", "iris", "digits", "fashion-mnist"];

    /// <summary>A built-in data set: <c>xor</c>, <c>iris</c>, <c>digits</c> or <c>fashion-mnist</c>.</summary>
    public sealed record BuiltIn(string Name) : DataSource;

    /// <summary>A CSV (or IDX) file that existed when the options were checked.</summary>
    public sealed record DataFile(string Path) : DataSource;

    /// <summary>What the data readers take: the built-in name or the path.</summary>
    public string NameOrPath => this switch
    {
        BuiltIn b => b.Name,
        DataFile f => f.Path,
        _ => throw new UnreachableException(),
    };
}

/// <summary>The learning-rate schedules <c>--schedule</c> names.</summary>
public enum ScheduleName { Constant, Step, Cosine }

/// <summary>
/// Everything <c>mlp train</c> was asked to do, checked: every number is in range, every name
/// is known, every input file exists and every output directory exists. Built only by
/// <see cref="TrainValidation.Validate"/>; immutable.
/// </summary>
/// <param name="Data">The training data.</param>
/// <param name="Target">Target column(s) of a CSV; empty means the data set's own target (a CSV's last column).</param>
/// <param name="Hidden">Hidden layer widths, input side first; empty for no hidden layer.</param>
/// <param name="Activation">Activation of every hidden layer.</param>
/// <param name="Loss">The loss; <c>null</c> means <c>auto</c> (chosen from the targets).</param>
/// <param name="Optimizer">The update rule.</param>
/// <param name="LearningRate">η &gt; 0.</param>
/// <param name="Momentum">Momentum coefficient in [0, 1) for <c>momentum</c> and <c>nesterov</c>.</param>
/// <param name="Epochs">Passes over the training rows, ≥ 1.</param>
/// <param name="BatchSize">Rows per mini-batch; <c>null</c> means the full batch.</param>
/// <param name="Seed">Seed of every random choice (initialisation, split, shuffling).</param>
/// <param name="Init">Weight initialiser (default he-uniform for relu-like, else xavier-uniform).</param>
/// <param name="Preprocess">Feature scaling fitted on training rows; <c>null</c> means none.</param>
/// <param name="Validation">Fraction of rows held out for validation, in [0, 1); <c>null</c> chooses (see <see cref="TrainSetup.ValidationFraction"/>).</param>
/// <param name="Test">A test file, or <c>null</c>.</param>
/// <param name="EarlyStopping">Patience in epochs, or <c>null</c> for no early stopping.</param>
/// <param name="InitModel">A model file to continue from, or <c>null</c>.</param>
/// <param name="Shuffle">Whether each epoch visits rows in a new random order.</param>
/// <param name="Out">Where to write the model, or <c>null</c>.</param>
/// <param name="Plot">Where to draw loss/accuracy curves (PNG), or <c>null</c>.</param>
/// <param name="PlotBoundary">Where to draw the decision regions of 2-input data (PNG), or <c>null</c>.</param>
/// <param name="WeightDecay">L2 weight decay coefficient, ≥ 0 (decoupled for adamw).</param>
/// <param name="ClipNorm">Gradient clipping by global norm, or <c>null</c>.</param>
/// <param name="Schedule">Learning-rate schedule.</param>
/// <param name="Warmup">Epochs of linear warm-up, ≥ 0.</param>
/// <param name="Threads">Worker threads for the matrix products, or <c>null</c> for all cores.</param>
/// <param name="Quiet">Print only the final results.</param>
public sealed record TrainOptions(
    DataSource Data,
    ImmutableArray<string> Target,
    ImmutableArray<int> Hidden,
    Activation Activation,
    Loss? Loss,
    OptimizerKind Optimizer,
    double LearningRate,
    double Momentum,
    int Epochs,
    int? BatchSize,
    long Seed,
    Initializer Init,
    ScalerKind? Preprocess,
    double? Validation,
    string? Test,
    int? EarlyStopping,
    string? InitModel,
    bool Shuffle,
    string? Out,
    string? Plot,
    string? PlotBoundary,
    double WeightDecay,
    double? ClipNorm,
    ScheduleName Schedule,
    int Warmup,
    int? Threads,
    bool Quiet)
{
    /// <summary>
    /// What <c>mlp train</c> with no options does: iris (150 rows, 3 classes) through one relu
    /// layer of 16, Adam at 0.01, 100 epochs of batches of 16; about a second to ≥ 0.95 accuracy.
    /// </summary>
    public static TrainOptions Defaults { get; } = new(
        new DataSource.BuiltIn("iris"), [], [16], Model.Activation.Relu, null, OptimizerKind.Adam,
        LearningRate: 0.01, Momentum: 0.9, Epochs: 100, BatchSize: 16, Seed: 42, Initializer.HeUniform,
        ScalerKind.Standardize, Validation: null, Test: null, EarlyStopping: null, InitModel: null, Shuffle: true,
        Out: null, Plot: null, PlotBoundary: null, WeightDecay: 0, ClipNorm: null, ScheduleName.Constant,
        Warmup: 0, Threads: null, Quiet: false);

    /// <summary>The default initialiser for a hidden activation: He for relu-like units, Xavier otherwise.</summary>
    public static Initializer DefaultInit(Activation hidden) =>
        hidden is Model.Activation.Relu or Model.Activation.LeakyRelu or Model.Activation.Gelu
            ? Initializer.HeUniform : Initializer.XavierUniform;

    /// <summary>Name of a schedule on the command line.</summary>
    public static string Name(ScheduleName s) => s switch
    {
        ScheduleName.Constant => "constant",
        ScheduleName.Step => "step",
        ScheduleName.Cosine => "cosine",
        _ => throw new UnreachableException(),
    };
}
