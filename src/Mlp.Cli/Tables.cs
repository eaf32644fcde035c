using System.Numerics;
using LanguageExt;
using Mlp.Data;
using Mlp.Io;

namespace Mlp.Cli;

/// <summary>Which rows of a built-in data set a command reads: its fixed test split, the rest (training), or all.</summary>
public enum SplitChoice
{
    /// <summary>The fixed, seeded test split (Fashion-MNIST: its own test set).</summary>
    Test,
    /// <summary>The rows <c>mlp train</c> trains on.</summary>
    Train,
    /// <summary>Every row.</summary>
    All,
}

/// <summary>The tables the commands that use a saved model read.</summary>
public static class Tables
{
    /// <summary>The rows to predict on or score: a file's rows, or a built-in data set's test rows.</summary>
    public static Fin<Table<T>> HeldOut<T>(string nameOrPath, CsvOptions options) where T : IFloatingPointIeee754<T> =>
        DataSources.LoadTable<T>(nameOrPath, options).Map(s => s.Test ?? s.Train);

    /// <summary>
    /// The rows of <paramref name="nameOrPath"/>: a file's rows, or the <paramref name="split"/>
    /// of a built-in data set; and, for a built-in set, a note saying which rows those are.
    /// </summary>
    public static Fin<(Table<T> Rows, string? Which)> Rows<T>(string nameOrPath, CsvOptions options, SplitChoice split)
        where T : IFloatingPointIeee754<T> =>
        DataSources.LoadTable<T>(nameOrPath, options).Bind(s => (split, s.Test) switch
        {
            _ when !BuiltIn.Names.Contains(nameOrPath) => Fin<(Table<T>, string?)>.Succ((s.Train, null)),
            (_, null) => (s.Train, $"{nameOrPath} has no test split (its {s.Train.Rows} rows are all it has): every row, trained on too"),
            (SplitChoice.Train, _) => (s.Train, $"the training split of {nameOrPath}, the rows mlp train trains on: not a fair test"),
            (SplitChoice.Test, { } test) =>
                (test, $"the test split of {nameOrPath}, rows mlp train never trains on (--split train|all for the others)"),
            (_, { } test) => TableRows.Concat(s.Train, test, nameOrPath)
                .Map(all => (all, (string?)$"every row of {nameOrPath}, the training split among them: not a fair test")),
        });
}
