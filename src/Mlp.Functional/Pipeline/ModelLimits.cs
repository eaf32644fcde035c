namespace Mlp.Pipeline;

/// <summary>
/// The largest network a model file holds (DESIGN.md: "sizes within documented limits"). The
/// loader refuses a file beyond them before allocating anything, and training refuses to build
/// such a network, so a run never trains for an hour to end with a model it cannot save.
/// </summary>
public static class ModelLimits
{
    /// <summary>Most layers (hidden and output) a network may have.</summary>
    public const int MaxLayers = 1000;

    /// <summary>Most inputs, or output units of one layer: <c>2²⁰</c>.</summary>
    public const int MaxWidth = 1 << 20;

    /// <summary>Most weights and biases over all layers: <c>10⁸</c> (400 MB as float, 800 MB as double).</summary>
    public const long MaxParameters = 100_000_000;

    /// <summary>
    /// Why a network of layer widths <paramref name="sizes"/> (inputs first) does not fit a model
    /// file, naming the limit it passes and calling the network <paramref name="what"/>; null
    /// when it fits. Widths are checked before they are multiplied, and the count is checked
    /// arithmetic, so no size can overflow it.
    /// </summary>
    public static string? Problem(IReadOnlyList<int> sizes, string what)
    {
        if (sizes.Count - 1 > MaxLayers) return $"{what} has {sizes.Count - 1} layers; a model file holds at most {MaxLayers}";
        foreach (var width in sizes)
            if (width < 1 || width > MaxWidth) return $"{what} has a layer of {width} units; a model file holds 1 to {MaxWidth} per layer";
        var total = 0L;
        for (var i = 1; i < sizes.Count; i++)
            total = checked(total + (sizes[i - 1] + 1L) * sizes[i]); // weights plus biases
        return total <= MaxParameters ? null
            : $"{what} has {total} weights and biases; a model file holds at most {MaxParameters}";
    }

    /// <summary>A network's widths as a person reads them, <c>64 → 32 → 10</c>, cut short when long.</summary>
    public static string Shape(IReadOnlyList<int> sizes)
    {
        var shape = string.Join(" → ", sizes.Take(12));
        return sizes.Count <= 12 ? shape : $"{shape} → … ({sizes.Count} widths)";
    }
}
