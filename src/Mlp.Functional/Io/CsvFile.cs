using System.Numerics;
using LanguageExt;
using Mlp.Data;

namespace Mlp.Io;

/// <summary>Loads a CSV file (UTF-8) as a data set; messages name the path as given.</summary>
public static class CsvFile
{
    /// <summary>Reads <paramref name="path"/> and parses it with <see cref="Csv.Read{T}(string, string, CsvOptions?)"/>.</summary>
    public static Fin<Dataset<T>> Load<T>(string path, CsvOptions? options = null) where T : IFloatingPointIeee754<T> =>
        Files.Read(path).Bind(bytes => Csv.Read<T>(bytes, path, options));
}
