using System.Numerics;
using Mlp.Tensors;
using ScottPlot;
using SColor = ScottPlot.Color;

namespace Mlp.Cli;

/// <summary>
/// PNG pictures of a run (ScottPlot, headless): learning curves, and the decision regions of
/// 2-input data, as the bytes of a PNG file (the caller writes them).
/// </summary>
public static class Plots
{
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>
    /// Loss per epoch (training, and validation or test when they were scored after each epoch) on
    /// top; accuracy per epoch below it for classification. Epochs are whole numbers on the axis,
    /// and the legend sits beside the plot, where it covers no curve.
    /// </summary>
    public static byte[] Curves(IReadOnlyList<EpochPoint> history, int width = 900, int height = 700)
    {
        var plots = CurvePlots(history);
        if (plots.Count == 1) return plots[0].GetImageBytes(width, height / 2 + 100, ImageFormat.Png);
        var both = new Multiplot(plots[0]);
        both.AddPlot(plots[1]);
        both.SharedAxes.ShareX([.. plots]);
        using var image = both.Render(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    /// <summary>The plots <see cref="Curves"/> draws: loss, then accuracy when there is one.</summary>
    internal static IReadOnlyList<Plot> CurvePlots(IReadOnlyList<EpochPoint> history)
    {
        if (history.Count == 0) throw new ArgumentException("no completed epoch to plot");
        var loss = new Plot();
        Series(loss, history, p => p.TrainLoss, "training", 0);
        Series(loss, history, p => p.ValidationLoss, "validation", 1);
        Series(loss, history, p => p.TestLoss, "test", 2);
        Label(loss, "loss per epoch", "loss");
        if (!history.Any(p => p.TrainAccuracy is not null || p.ValidationAccuracy is not null || p.TestAccuracy is not null)) return [loss];
        var accuracy = new Plot();
        Series(accuracy, history, p => p.TrainAccuracy, "training", 0);
        Series(accuracy, history, p => p.ValidationAccuracy, "validation", 1);
        Series(accuracy, history, p => p.TestAccuracy, "test", 2);
        Label(accuracy, "accuracy per epoch", "accuracy");
        return [loss, accuracy];
    }

    /// <summary>
    /// The regions each class wins over the plane of two inputs, with the training points on top
    /// coloured by their true class. <paramref name="classify"/> maps a batch of points
    /// (<c>[n × 2]</c>, in the data's own units) to class indices, one forward pass for the whole grid.
    /// The axes are named after <paramref name="columns"/>, the two input columns (<c>x1</c>, <c>x2</c> when not given);
    /// the legend sits beside the plot, where it covers no point.
    /// </summary>
    public static byte[] Boundary<T>(Func<Matrix<T>, IReadOnlyList<int>> classify, Matrix<T> points, IReadOnlyList<int> labels,
        IReadOnlyList<string> classes, IReadOnlyList<string>? columns = null, int resolution = 150, int width = 800, int height = 700)
        where T : IFloatingPointIeee754<T> =>
        BoundaryPlot(classify, points, labels, classes, columns, resolution).GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>The plot <see cref="Boundary"/> draws.</summary>
    internal static Plot BoundaryPlot<T>(Func<Matrix<T>, IReadOnlyList<int>> classify, Matrix<T> points, IReadOnlyList<int> labels,
        IReadOnlyList<string> classes, IReadOnlyList<string>? columns, int resolution) where T : IFloatingPointIeee754<T>
    {
        if (columns is { Count: not 2 }) throw new ArgumentException($"decision regions need 2 column names, got {columns.Count}");
        if (points.Cols != 2) throw new ArgumentException($"decision regions need 2 inputs, the data has {points.Cols}");
        if (labels.Count != points.Rows) throw new ArgumentException($"{points.Rows} points but {labels.Count} labels");
        var (x0, x1) = Span(points, 0);
        var (y0, y1) = Span(points, 1);
        var (dx, dy) = ((x1 - x0) / resolution, (y1 - y0) / resolution);
        // Cell centres, row r from the bottom (y0) up, column c from the left (x0).
        var grid = Matrix<T>.Build(resolution * resolution, 2,
            (i, j) => T.CreateChecked(j == 0 ? x0 + (i % resolution + 0.5) * dx : y0 + (i / resolution + 0.5) * dy));
        var predicted = classify(grid);
        var cells = new double[resolution, resolution];
        for (var i = 0; i < predicted.Count; i++)
            cells[resolution - 1 - i / resolution, i % resolution] = predicted[i]; // heatmap row 0 is the top

        var plot = new Plot();
        var regions = plot.Add.Heatmap(cells);
        regions.Extent = new CoordinateRect(x0, x1, y0, y1);
        regions.Colormap = new ClassColours(classes.Count, lighten: 0.6);
        regions.ManualRange = new ScottPlot.Range(0, Math.Max(1, classes.Count - 1));
        for (var k = 0; k < classes.Count; k++)
        {
            var members = Enumerable.Range(0, points.Rows).Where(i => labels[i] == k).ToArray();
            if (members.Length == 0) continue;
            var markers = plot.Add.Markers(members.Select(i => double.CreateChecked(points[i, 0])).ToArray(),
                members.Select(i => double.CreateChecked(points[i, 1])).ToArray(),
                MarkerShape.FilledCircle, 7, Colour(k));
            markers.LegendText = classes[k];
        }
        plot.ShowLegend(Edge.Right);
        plot.Title("decision regions and training points");
        plot.XLabel(columns?[0] ?? "x1");
        plot.YLabel(columns?[1] ?? "x2");
        plot.Axes.SetLimits(x0, x1, y0, y1);
        return plot;
    }

    private static void Series(Plot plot, IReadOnlyList<EpochPoint> history, Func<EpochPoint, double?> value, string name, int colour)
    {
        var shown = history.Where(p => value(p) is { } v && double.IsFinite(v)).ToArray();
        if (shown.Length == 0) return;
        var line = plot.Add.Scatter(shown.Select(p => (double)p.Epoch).ToArray(), shown.Select(p => value(p)!.Value).ToArray(), Colour(colour));
        line.LegendText = name;
        line.MarkerSize = shown.Length > 50 ? 0 : 4;
        line.LineWidth = 2;
    }

    private static void Label(Plot plot, string title, string y)
    {
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(y);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        // Beside the data, not over it: a corner legend sat on the curves whenever they ran through that corner.
        plot.ShowLegend(Edge.Right);
    }

    // The data's range along one column, padded by 10% so no point sits on the frame.
    private static (double Lo, double Hi) Span<T>(Matrix<T> points, int col) where T : IFloatingPointIeee754<T>
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < points.Rows; i++)
        {
            var v = double.CreateChecked(points[i, col]);
            (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
        }
        if (!(hi > lo)) (lo, hi) = (double.IsFinite(lo) ? lo - 1 : -1, double.IsFinite(hi) ? hi + 1 : 1);
        var pad = 0.1 * (hi - lo);
        return (lo - pad, hi + pad);
    }

    private static SColor Colour(int k) => Palette.GetColor(k % 10);

    /// <summary>One flat colour per class index (a heatmap normalises index i of k to i/(k−1)).</summary>
    private sealed class ClassColours(int classes, double lighten) : IColormap
    {
        public string Name => "classes";
        public SColor GetColor(double position) =>
            Colour((int)Math.Round(Math.Clamp(position, 0, 1) * Math.Max(1, classes - 1))).Lighten(lighten);
    }
}
