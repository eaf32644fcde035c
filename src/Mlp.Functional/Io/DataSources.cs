using System.Numerics;
using LanguageExt;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>What <c>--data</c> names: a built-in data set or a CSV file.</summary>
public static class DataSources
{
    /// <summary>
    /// A built-in data set when <paramref name="nameOrPath"/> is one of <see cref="BuiltIn.Names"/>,
    /// otherwise the CSV file at that path read with <paramref name="options"/> (no test set).
    /// </summary>
    public static Fin<DataSource<T>> Load<T>(string nameOrPath, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T> =>
        BuiltIn.Names.Contains(nameOrPath)
            ? BuiltIn.Load<T>(nameOrPath)
            : CsvFile.Load<T>(nameOrPath, options).Map(d => new DataSource<T>(d, null));

    /// <summary>
    /// A built-in data set as tables when <paramref name="nameOrPath"/> is one of
    /// <see cref="BuiltIn.Names"/> (the options' column roles applied), otherwise the CSV file at
    /// that path streamed with <paramref name="options"/> (no test table).
    /// </summary>
    public static Fin<TableSource<T>> LoadTable<T>(string nameOrPath, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T> =>
        BuiltIn.Names.Contains(nameOrPath)
            ? BuiltIn.LoadTable<T>(nameOrPath, options)
            : CsvFile.LoadTable<T>(nameOrPath, options).Map(t => new TableSource<T>(t, null));

    /// <summary>
    /// The rows to predict on or score: a file's rows, or a built-in data set's test rows when it
    /// ships them (fashion-mnist), else all its rows.
    /// </summary>
    public static Fin<Dataset<T>> LoadHeldOut<T>(string nameOrPath, CsvOptions? options = null)
        where T : IFloatingPointIeee754<T> =>
        Load<T>(nameOrPath, options).Map(s => s.Test ?? s.Train);
}
