using System.Diagnostics;
using Mlp.Data;
using Mlp.Io;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>The built-in data sets, file loading, the split and scaling.</summary>
public partial class DataExamples
{
    [Fact]
    public void Iris_is_150_by_4_with_three_species()
    {
        var iris = BuiltIn.Iris<double>();
        Assert.Equal((150, 4), (iris.Features.Rows, iris.Features.Cols));
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], iris.FeatureNames.ToArray());
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.Classes.ToArray());
        Assert.Equal([5.1, 3.5, 1.4, 0.2], iris.Features.Row(0).ToArray());
        Assert.Equal([50, 50, 50], iris.Labels.GroupBy(l => l).Select(g => g.Count()).ToArray());
    }

    [Fact]
    public void Digits_is_1797_by_64_with_ten_classes_in_numeric_order()
    {
        var digits = BuiltIn.Digits<float>();
        Assert.Equal((1797, 64, 10), (digits.Features.Rows, digits.Features.Cols, digits.Targets.Cols));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray(), digits.Classes.ToArray());
        Assert.Equal([0, 1, 2], digits.Labels.Take(3).ToArray());
        Assert.Equal(16f, digits.Features.Data.Max());
    }

    [Fact]
    public void Xor_is_the_seeds_truth_table()
    {
        var xor = BuiltIn.Load<double>("xor").Match(s => s.Train, e => throw new Exception(e.Message));
        Assert.Equal([0.0, 0, 0, 1, 1, 0, 1, 1], xor.Features.Data.ToArray());
        Assert.Equal([0, 1, 1, 0], xor.Labels.ToArray());
        Assert.Equal(["0", "1"], xor.Classes.ToArray());
        Assert.Equal(["x1", "x2"], xor.FeatureNames.ToArray());
        Assert.StartsWith("mnist: no such built-in data set; expected one of: xor, iris, digits, fashion-mnist",
            Fails(BuiltIn.Load<double>("mnist")));
    }

    [Fact]
    public void Fashion_mnist_loads_60000_and_10000_or_says_how_to_install_it()
    {
        var watch = Stopwatch.StartNew();
        var loaded = FashionMnist.Load<float>();
        if (!FashionMnist.IsInstalled())
        {
            Assert.Contains("apt-get install dataset-fashion-mnist", Fails(loaded));
            return;
        }
        var (train, test) = loaded.Match(s => (s.Train, s.Test ?? throw new Exception("no test set")),
            e => throw new Exception(e.Message));
        Assert.Equal((60000, 784), (train.Features.Rows, train.Features.Cols));
        Assert.Equal((10000, 784), (test.Features.Rows, test.Features.Cols));
        Assert.Equal(train.Classes.ToArray(), test.Classes.ToArray());
        Assert.Equal(10, train.Classes.Length);
        Assert.Equal(1f, train.Features.Data.Max());
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 10); // ~0.6 s here; 10 s allows for a busy machine
    }

    [Fact]
    public void A_missing_fashion_mnist_directory_names_the_install_command()
    {
        var message = Fails(FashionMnist.Load<float>("/nonexistent/fashion"));
        Assert.Equal("fashion-mnist: /nonexistent/fashion/train-images-idx3-ubyte.gz is missing; install the data set with: apt-get install dataset-fashion-mnist", message);
    }

    [Fact]
    public void Files_are_read_with_their_path_in_every_message()
    {
        var dir = Directory.CreateTempSubdirectory("mlp-data-").FullName;
        try
        {
            var path = Path.Combine(dir, "d.csv");
            File.WriteAllText(path, "a,b\n1,x\n2,y\n3,oops,4\n");
            Assert.Equal($"{path}: line 4: expected 2 fields, as the header has, got 3", Fails(CsvFile.Load<double>(path)));
            Assert.Equal($"{dir}/none.csv: no such file", Fails(CsvFile.Load<double>($"{dir}/none.csv")));
            Assert.Equal($"{dir}: is a directory; expected a file", Fails(DataSources.Load<double>(dir)));
            Assert.Equal(3, DataSources.Load<double>("iris").Match(s => s.Train.Classes.Length, e => 0));
            File.WriteAllText(path, "a,b\n1,2.5\n2,3.5\n");
            var regression = DataSources.Load<double>(path, new CsvOptions { Targets = ["a"], Task = TaskKind.Regression })
                .Match(s => s.Train, e => throw new Exception(e.Message));
            Assert.Equal([2.5, 3.5], regression.Features.Data.ToArray());
            Assert.Equal([1.0, 2.0], regression.Targets.Data.ToArray());
            File.WriteAllBytes(Path.Combine(dir, "i.gz"), Gzip(Idx.Encode(Images)));
            File.WriteAllBytes(Path.Combine(dir, "l"), Idx.Encode(Labels));
            var d = IdxFile.Load<double>(Path.Combine(dir, "i.gz"), Path.Combine(dir, "l")).Match(x => x, e => throw new Exception(e.Message));
            Assert.Equal(3, d.Rows);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Iris_split_30_percent_is_stratified_15_per_class()
    {
        var iris = BuiltIn.Iris<double>();
        var (train, test) = Split.TrainTest(iris, 0.3, seed: 42);
        Assert.Equal((105, 45), (train.Rows, test.Rows));
        Assert.Equal([15, 15, 15], test.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).ToArray());
        Assert.Equal(test, Split.TrainTest(iris, 0.3, seed: 42).Test);
        Assert.NotEqual(test, Split.TrainTest(iris, 0.3, seed: 43).Test);
        var (_, plain) = Split.TrainTest(iris, 0.3, Rng.FromSeed(42), stratify: false);
        Assert.Equal(45, plain.Rows);
    }

    [Fact]
    public void Scaling_is_fitted_on_training_rows_only()
    {
        var iris = BuiltIn.Iris<double>();
        var (train, test) = Split.TrainTest(iris, 0.3, seed: 1);
        var scaler = Scaler.Fit(ScalerKind.Standardize, train);
        var (strain, stest) = (scaler.Apply(train), scaler.Apply(test));
        Assert.Equal(train.Features.Data.Take(105 * 4).Where((_, k) => k % 4 == 0).Average(), scaler.Mean[0], 12);
        for (var j = 0; j < 4; j++)
            Assert.Equal(0, Enumerable.Range(0, strain.Rows).Average(i => strain.Features[i, j]), 12);
        Assert.NotEqual(0, Enumerable.Range(0, stest.Rows).Average(i => stest.Features[i, 0]), 3);
        Assert.Equal(test.Labels.ToArray(), stest.Labels.ToArray());
    }
}
