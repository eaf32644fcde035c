using System.Collections.Immutable;
using System.Diagnostics;
using Mlp.Data;
using Mlp.Pipeline;

namespace Mlp.Cli;

/// <summary>Where the rows come from: a data set shipped with Mlp, or a file.</summary>
public abstract record DataSource
{
    /// <summary>The built-in names (<c>--data</c>).</summary>
    public static readonly ImmutableArray<string> BuiltInNames = Io.BuiltIn.Names;

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

/// <summary>
/// Everything <c>mlp train</c> was asked to do, checked (every number in range, every name
/// known, every input file present, every output directory writable): the files, and the
/// library's <see cref="FitOptions"/>. Built only by <see cref="TrainCommand.Validate"/>.
/// </summary>
/// <param name="Data">The training data.</param>
/// <param name="Reading">How to read the data and the test file: target, feature and dropped columns, separator, numbers, encoding, header, missing words.</param>
/// <param name="Test">A CSV of test rows, or <c>null</c>.</param>
/// <param name="InitModel">A model file to continue from, or <c>null</c>.</param>
/// <param name="Out">Where to write the model, or <c>null</c>.</param>
/// <param name="Plot">Where to draw loss/accuracy curves (PNG), or <c>null</c>.</param>
/// <param name="PlotBoundary">Where to draw the decision regions of 2-input data (PNG), or <c>null</c>.</param>
/// <param name="Quiet">Print only the final results.</param>
/// <param name="Fit">What to build and how to train it.</param>
public sealed record TrainOptions(
    DataSource Data,
    CsvOptions Reading,
    string? Test,
    string? InitModel,
    string? Out,
    string? Plot,
    string? PlotBoundary,
    bool Quiet,
    FitOptions Fit)
{
    /// <summary>What <c>mlp train</c> with no options does: iris, and <see cref="FitOptions.Defaults"/>.</summary>
    public static TrainOptions Defaults { get; } =
        new(new DataSource.BuiltIn("iris"), CsvOptions.Default, null, null, null, null, null, Quiet: false, FitOptions.Defaults);

    /// <summary>Where to save a checkpoint after every epoch (<c>--checkpoint</c>), or <c>null</c>.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>A checkpoint of this same run to continue from (<c>--resume</c>), or <c>null</c>.</summary>
    public string? Resume { get; init; }

    /// <summary>These options with <see cref="Fit"/> changed by <paramref name="change"/>.</summary>
    public TrainOptions With(Func<FitOptions, FitOptions> change) => this with { Fit = change(Fit) };
}
