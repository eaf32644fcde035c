using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;
using Mlp.Tensors;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>
/// The data sets that need no file: <c>xor</c> (built here), <c>iris</c> and <c>digits</c>
/// (CSV files embedded in the assembly), and <c>fashion-mnist</c> (the Debian package's files).
/// </summary>
public static class BuiltIn
{
    /// <summary>The names <see cref="Load{T}"/> accepts.</summary>
    public static readonly ImmutableArray<string> Names = ["xor", "iris", "digits", "fashion-mnist"];

    /// <summary>A built-in data set by name; only <c>fashion-mnist</c> comes with a test set.</summary>
    public static Fin<DataSource<T>> Load<T>(string name) where T : IFloatingPointIeee754<T> => name switch
    {
        "xor" => new DataSource<T>(Xor<T>(), null),
        "iris" => new DataSource<T>(Iris<T>(), null),
        "digits" => new DataSource<T>(Digits<T>(), null),
        "fashion-mnist" => FashionMnist.Load<T>(),
        _ => DataErrors.File(name, $"no such built-in data set; expected one of: {string.Join(", ", Names)}"),
    };

    /// <summary>The share of iris and digits held out as their fixed test split.</summary>
    public const double TestShare = 0.2;

    /// <summary>The seed of that split: fixed, so every run and every command sees the same test rows.</summary>
    public const long TestSeed = 2026;

    /// <summary>
    /// A built-in data set by name as tables, read by the same reader as a file, with the column
    /// roles of <paramref name="options"/> (target, features, drop, task); its format options are
    /// the shipped files' own. Every set but <c>xor</c> comes with a test table that training
    /// never sees: <c>fashion-mnist</c> its own 10,000 images; iris and digits a fixed, seeded
    /// 20 % of their rows (<see cref="TestRows"/>), whatever the roles. XOR's four rows are the
    /// whole truth table, none of which can be spared.
    /// </summary>
    public static Fin<TableSource<T>> LoadTable<T>(string name, CsvOptions? options = null) where T : IFloatingPointIeee754<T>
    {
        var roles = (options ?? CsvOptions.Default) with
        {
            Separator = ',', DecimalComma = false, Encoding = TextEncoding.Utf8, Header = true, Missing = CsvOptions.DefaultMissing,
        };
        return name switch
        {
            "xor" => Csv.ReadTable<T>(XorCsv, name, roles).Map(t => new TableSource<T>(t, null)),
            "iris" or "digits" => Csv.ReadTable<T>(EmbeddedText(name), name, roles).Map(t =>
            {
                var (train, test) = TestRows(name);
                return new TableSource<T>(TableRows.Select(t, train, name), TableRows.Select(t, test, $"{name}/test"));
            }),
            "fashion-mnist" => FashionMnist.LoadTable<T>(roles),
            _ => DataErrors.File(name, $"no such built-in data set; expected one of: {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// The fixed split of iris or digits, as row indices (ascending): <see cref="TestShare"/> of
    /// the rows, stratified by the data set's class, drawn with <see cref="TestSeed"/>.
    /// </summary>
    public static (int[] Train, int[] Test) TestRows(string name)
    {
        var data = name switch
        {
            "iris" => Iris<double>(),
            "digits" => Digits<double>(),
            _ => throw new ArgumentException($"{name} has no fixed test split; iris and digits do", nameof(name)),
        };
        return Split.Indices(data, TestShare, Rng.FromSeed(TestSeed));
    }

    // The XOR truth table as a CSV file would hold it.
    private const string XorCsv = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";

    /// <summary>The seed's XOR: features x1, x2 ∈ {0, 1}; classes "0", "1" (target y = x1 ⊕ x2).</summary>
    public static Dataset<T> Xor<T>() where T : IFloatingPointIeee754<T>
    {
        int[] labels = [0, 1, 1, 0];
        var x = Matrix<T>.Build(4, 2, (i, j) => T.CreateChecked((i >> (1 - j)) & 1));
        return new Dataset<T>("xor", x, ["x1", "x2"], OneHot.Encode<T>(labels, 2), ["y"], ["0", "1"], [.. labels]);
    }

    /// <summary>Fisher's iris (UCI, as scikit-learn ships it): 150 × 4, classes setosa, versicolor, virginica.</summary>
    public static Dataset<T> Iris<T>() where T : IFloatingPointIeee754<T> => Embedded<T>("iris");

    /// <summary>UCI optical digits, 8 × 8 (as scikit-learn ships them): 1,797 × 64 in 0…16, classes "0" … "9".</summary>
    public static Dataset<T> Digits<T>() where T : IFloatingPointIeee754<T> => Embedded<T>("digits");

    // The files ship with the library and are tested, so a failure here is a build fault.
    private static Dataset<T> Embedded<T>(string name) where T : IFloatingPointIeee754<T> =>
        Csv.Read<T>(EmbeddedText(name), name, CsvOptions.Default with { Task = TaskKind.Classification })
            .Match(d => d, e => throw new InvalidOperationException(e.Message));

    private static string EmbeddedText(string name)
    {
        using var stream = typeof(BuiltIn).Assembly.GetManifestResourceStream($"Mlp.Io.BuiltIn.{name}.csv")
            ?? throw new InvalidOperationException($"the assembly lacks its embedded {name}.csv");
        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }
}
