using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf, 2017) from the Debian package
/// <c>dataset-fashion-mnist</c>: 60,000 training and 10,000 test images of 28 × 28 pixels.
/// Features are <c>px0 … px783</c> in <c>[0, 1]</c>. The files' labels are the numbers 0 … 9, and
/// classes keep their numeric order (DESIGN.md's rule); as tables (<see cref="LoadTable{T}"/>,
/// what <c>mlp</c> reads) each is named after its garment (<see cref="ClassNames"/>), as data sets
/// of numbers (<see cref="Load{T}"/>, the benchmark's) by its digit.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    /// <summary>The command that installs them.</summary>
    public const string InstallHint = "apt-get install dataset-fashion-mnist";

    /// <summary>The four file names: training images and labels, test images and labels.</summary>
    public static readonly ImmutableArray<string> Files =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>The garment of each label 0 … 9, as the data set's authors name them.</summary>
    public static readonly ImmutableArray<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Whether all four files are present.</summary>
    public static bool IsInstalled(string directory = DefaultDirectory) =>
        Files.All(f => File.Exists(Path.Combine(directory, f)));

    /// <summary>
    /// The training set with the test set beside it (the test set takes the training set's
    /// classes). A missing file gives an error naming it and <see cref="InstallHint"/>.
    /// </summary>
    public static Fin<DataSource<T>> Load<T>(string directory = DefaultDirectory) where T : IFloatingPointIeee754<T>
    {
        var paths = Files.Select(f => Path.Combine(directory, f)).ToArray();
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            return DataErrors.File("fashion-mnist", $"{missing} is missing; install the data set with: {InstallHint}");
        return from train in IdxFile.Load<T>(paths[0], paths[1], "fashion-mnist/train")
               from test in IdxFile.Load<T>(paths[2], paths[3], "fashion-mnist/test", train.Classes)
               select new DataSource<T>(train, test);
    }

    /// <summary>
    /// The training and test sets as tables (784 numeric columns <c>px0 … px783</c> in <c>[0, 1]</c>
    /// and a text target <c>label</c>), with the column roles of <paramref name="options"/> applied
    /// to both. A missing file gives an error naming it and <see cref="InstallHint"/>.
    /// </summary>
    public static Fin<TableSource<T>> LoadTable<T>(CsvOptions? options = null, string directory = DefaultDirectory)
        where T : IFloatingPointIeee754<T>
    {
        var paths = Files.Select(f => Path.Combine(directory, f)).ToArray();
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            return DataErrors.File("fashion-mnist", $"{missing} is missing; install the data set with: {InstallHint}");
        var roles = options ?? CsvOptions.Default;
        return from trainImages in IdxFile.Load(paths[0])
               from trainLabels in IdxFile.Load(paths[1])
               from train in Idx.ToTable<T>("fashion-mnist/train", trainImages, paths[0], trainLabels, paths[1], ClassNames)
               from trainRoles in TableRoles.Apply(train, roles)
               from testImages in IdxFile.Load(paths[2])
               from testLabels in IdxFile.Load(paths[3])
               from test in Idx.ToTable<T>("fashion-mnist/test", testImages, paths[2], testLabels, paths[3], ClassNames)
               from testRoles in TableRoles.Apply(test, roles)
               select new TableSource<T>(trainRoles, testRoles);
    }
}
