using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using LanguageExt;
using Mlp.Tensors;

namespace Mlp.Data;

public static partial class Idx
{
    /// <summary>
    /// Pairs an images array <c>[n × …]</c> with a labels array <c>[n]</c> as a classification data
    /// set: features are pixels scaled to <c>[0, 1]</c> (<c>x / 255</c>) named <c>px0, px1, …</c>;
    /// the target is named <c>label</c>; classes are the label values as text ("0" … "9"), in
    /// <see cref="ClassOrder"/>, unless <paramref name="classes"/> fixes them (as a test set
    /// takes its training set's classes).
    /// </summary>
    public static Fin<Dataset<T>> ToDataset<T>(string name, IdxArray images, string imagesSource,
        IdxArray labels, string labelsSource, ImmutableArray<string> classes = default)
        where T : IFloatingPointIeee754<T>
    {
        if (labels.Dimensions.Length != 1)
            return DataErrors.File(labelsSource,
                $"expected labels, one dimension of n items, got {labels.Shape} (is this an images file?)");
        if (labels.Items != images.Items)
            return DataErrors.File(labelsSource,
                $"{labels.Items} labels, but {imagesSource} has {images.Items} images; expected one label per image");

        var found = labels.Values.Distinct().Order().Select(b => b.ToString(CultureInfo.InvariantCulture));
        classes = classes.IsDefault ? ClassOrder.Sort(found) : classes;
        if (classes.Length < 2)
            return DataErrors.File(labelsSource,
                $"every label is {(classes.Length == 0 ? "missing (no items)" : classes[0])}; classification needs at least 2 classes");
        var index = new int[256];
        Array.Fill(index, -1);
        for (var k = 0; k < classes.Length; k++)
            if (byte.TryParse(classes[k], NumberStyles.None, CultureInfo.InvariantCulture, out var b)) index[b] = k;
        var y = new int[labels.Items];
        for (var i = 0; i < y.Length; i++)
            if ((y[i] = index[labels.Values[i]]) < 0)
                return DataErrors.Byte(labelsSource, 4 + 4 + i,
                    $"label {labels.Values[i]} of item {i} is not one of the classes {DataErrors.List(classes)}");

        return new Dataset<T>(name, Pixels<T>(images), [.. Enumerable.Range(0, images.ItemSize).Select(j => $"px{j}")],
            OneHot.Encode<T>(y, classes.Length), ["label"], classes, ImmutableCollectionsMarshal.AsImmutableArray(y));
    }

    /// <summary>
    /// Pairs an images array with a labels array as a table, as <see cref="ToDataset{T}"/> pairs them:
    /// numeric columns <c>px0, px1, …</c> of pixels scaled to <c>[0, 1]</c>, and a text target
    /// <c>label</c> ("0" … "9"). Rows are numbered from line 1.
    /// </summary>
    public static Fin<Table<T>> ToTable<T>(string name, IdxArray images, string imagesSource, IdxArray labels, string labelsSource,
        IReadOnlyList<string>? classNames = null) where T : IFloatingPointIeee754<T>
    {
        if (labels.Dimensions.Length != 1)
            return DataErrors.File(labelsSource,
                $"expected labels, one dimension of n items, got {labels.Shape} (is this an images file?)");
        if (labels.Items != images.Items)
            return DataErrors.File(labelsSource,
                $"{labels.Items} labels, but {imagesSource} has {images.Items} images; expected one label per image");
        var table = new T[256];
        for (var b = 0; b < 256; b++) table[b] = T.CreateChecked(b) / T.CreateChecked(255);
        var (n, d) = (images.Items, images.ItemSize);
        var columns = Enumerable.Range(0, d).Select(_ => new Values<T>.Builder()).ToArray();
        var pixels = images.Values.AsSpan();
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) columns[j].Add(table[pixels[i * d + j]]);
        if (classNames is not null && labels.Values.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(classNames.Count - 1)) is var bad and >= 0)
            return DataErrors.File(labelsSource, $"label {bad + 1} is {labels.Values[bad]}; expected 0 … {classNames.Count - 1}");
        Column<T>.Text label;
        if (classNames is not null)
        {
            // Named classes in label order: the label is the code.
            var named = new Values<int>.Builder();
            foreach (var b in labels.Values) named.Add(b);
            label = new Column<T>.Text("label", d, named.Build(), [.. classNames]) { Ordered = true };
        }
        else
        {
            // label codes in order of first appearance, as the CSV reader gives a text column's levels
            var (codes, levels, code) = (new Values<int>.Builder(), new List<string>(), new int[256]);
            Array.Fill(code, -1);
            foreach (var b in labels.Values)
            {
                if (code[b] < 0) { code[b] = levels.Count; levels.Add(b.ToString(CultureInfo.InvariantCulture)); }
                codes.Add(code[b]);
            }
            label = new Column<T>.Text("label", d, codes.Build(), [.. levels]);
        }
        return new Table<T>(name, [.. columns.Select((c, j) => (Column<T>)new Column<T>.Numeric($"px{j}", j, c.Build()))],
            [label], Values<int>.Of([.. Enumerable.Range(1, n)]), []);
    }

    /// <summary>Each byte <c>b</c> as <c>b / 255</c>, through a 256-entry table (fast on 47 M pixels).</summary>
    private static Matrix<T> Pixels<T>(IdxArray images) where T : IFloatingPointIeee754<T>
    {
        var table = new T[256];
        for (var b = 0; b < 256; b++) table[b] = T.CreateChecked(b) / T.CreateChecked(255);
        var source = images.Values.AsSpan();
        var x = new T[source.Length];
        for (var i = 0; i < x.Length; i++) x[i] = table[source[i]];
        return Matrix<T>.Own(x, images.Items, images.ItemSize);
    }
}
