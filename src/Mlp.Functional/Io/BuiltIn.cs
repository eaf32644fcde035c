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

    private static Dataset<T> Embedded<T>(string name) where T : IFloatingPointIeee754<T>
    {
        using var stream = typeof(BuiltIn).Assembly.GetManifestResourceStream($"Mlp.Io.BuiltIn.{name}.csv")
            ?? throw new InvalidOperationException($"the assembly lacks its embedded {name}.csv");
        using var text = new StreamReader(stream);
        // The files ship with the library and are tested, so a failure here is a build fault.
        return Csv.Read<T>(text.ReadToEnd(), name, CsvOptions.Default with { Task = TaskKind.Classification })
            .Match(d => d, e => throw new InvalidOperationException(e.Message));
    }
}
