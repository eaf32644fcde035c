using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;

namespace Mlp.Data.Io;

/// <summary>Loads IDX files (raw or gzip) from disk; messages name the paths as given.</summary>
public static class IdxFile
{
    /// <summary>One IDX file as an array.</summary>
    public static Fin<IdxArray> Load(string path) => FileBytes.Read(path).Bind(bytes => Idx.Decode(bytes, path));

    /// <summary>An images file and a labels file as a classification data set (see <see cref="Idx.ToDataset{T}"/>).</summary>
    public static Fin<Dataset<T>> Load<T>(string imagesPath, string labelsPath, string? name = null,
        ImmutableArray<string> classes = default) where T : IFloatingPointIeee754<T> =>
        from images in Load(imagesPath)
        from labels in Load(labelsPath)
        from data in Idx.ToDataset<T>(name ?? imagesPath, images, imagesPath, labels, labelsPath, classes)
        select data;
}
