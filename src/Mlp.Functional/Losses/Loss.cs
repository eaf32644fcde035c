using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Losses;

/// <summary>The closed set of losses (names as in the model file).</summary>
public enum Loss { Mse, CrossEntropy, BinaryCrossEntropy }

/// <summary>
/// Loss values (mean over the batch of the per-sample loss) and the gradient at the output
/// layer's pre-activation, <c>δ = ∂L/∂z</c>. Probabilities are clipped to <c>[ε, 1−ε]</c> in
/// values only (seed 5.2); ε is 1e-7 for float and 1e-12 for double.
/// </summary>
public static class LossFunctions
{
    /// <summary>Name used in the model file and on the command line.</summary>
    public static string Name(this Loss loss) => loss switch
    {
        Loss.Mse => "mse",
        Loss.CrossEntropy => "cross-entropy",
        Loss.BinaryCrossEntropy => "binary-cross-entropy",
        _ => throw new UnreachableException(),
    };

    /// <summary>Every loss, in declaration order.</summary>
    public static IReadOnlyList<Loss> All { get; } = Enum.GetValues<Loss>();

    /// <summary>Parses a model-file name; <c>null</c> when unknown.</summary>
    public static Loss? Parse(string name) =>
        All.Select(l => (Loss?)l).FirstOrDefault(l => l!.Value.Name() == name);

    /// <summary>
    /// Whether the loss fits an output activation: cross-entropy needs softmax probabilities,
    /// binary cross-entropy sigmoid ones; mse fits any output.
    /// </summary>
    public static bool Fits(this Loss loss, Activation output) => loss switch
    {
        Loss.Mse => true,
        Loss.CrossEntropy => output == Activation.Softmax,
        Loss.BinaryCrossEntropy => output == Activation.Sigmoid,
        _ => throw new UnreachableException(),
    };

    /// <summary>The clipping ε for <typeparamref name="T"/>: 1e-7 (float) or 1e-12 (double).</summary>
    public static T Epsilon<T>() where T : IFloatingPointIeee754<T> =>
        T.CreateChecked(typeof(T) == typeof(float) ? 1e-7 : 1e-12);

    /// <summary>
    /// Mean over rows of the per-sample loss of predictions <c>y</c> against targets <c>t</c>
    /// (both <c>[batch × outputs]</c>): mse <c>½Σ(y−t)²</c>; cross-entropy <c>−Σ t ln y</c>;
    /// binary cross-entropy <c>−Σ[t ln y + (1−t) ln(1−y)]</c>.
    /// </summary>
    public static T Value<T>(Loss loss, Matrix<T> y, Matrix<T> t) where T : IFloatingPointIeee754<T>
    {
        CheckSameShape(y, t);
        return Value(loss, y.Span, t.Span, y.Rows);
    }

    /// <summary>The mean loss of <paramref name="rows"/> rows held in spans (see the matrix overload).</summary>
    public static T Value<T>(Loss loss, ReadOnlySpan<T> y, ReadOnlySpan<T> t, int rows) where T : IFloatingPointIeee754<T>
    {
        if (rows == 0) return T.Zero;
        var sum = loss switch
        {
            Loss.Mse => T.CreateChecked(0.5) * SquaredDistance(y, t),
            Loss.CrossEntropy => CrossEntropySum(y, t),
            Loss.BinaryCrossEntropy => BinaryCrossEntropySum(y, t),
            _ => throw new UnreachableException(),
        };
        return sum / T.CreateChecked(rows);
    }

    /// <summary>
    /// <c>δ = ∂L/∂z</c> at the output layer. Fused where the seed derives it: softmax with
    /// cross-entropy and sigmoid with binary cross-entropy give <c>(y − t)/B</c>. Otherwise
    /// <c>∂L/∂y</c> goes back through the activation: mse's is <c>(y − t)/B</c>.
    /// </summary>
    public static Matrix<T> OutputDelta<T>(Loss loss, Activation act, Matrix<T> z, Matrix<T> y, Matrix<T> t)
        where T : IFloatingPointIeee754<T>
    {
        CheckSameShape(y, t);
        var delta = new T[y.Length];
        OutputDelta(loss, act, z.Span, y.Span, t.Span, y.Rows, y.Cols, delta);
        return Matrix<T>.Own(delta, y.Rows, y.Cols);
    }

    /// <summary>The output delta over spans of <paramref name="rows"/> × <paramref name="cols"/> values.</summary>
    public static void OutputDelta<T>(Loss loss, Activation act, ReadOnlySpan<T> z, ReadOnlySpan<T> y,
        ReadOnlySpan<T> t, int rows, int cols, Span<T> delta) where T : IFloatingPointIeee754<T>
    {
        if (!loss.Fits(act))
            throw new ArgumentException($"loss {loss.Name()} does not fit a {act.Name()} output");
        var n = rows * cols;
        var d = delta[..n];
        TensorPrimitives.Subtract(y[..n], t[..n], d);
        TensorPrimitives.Divide(d, T.CreateChecked(Math.Max(1, rows)), d); // (y − t)/B
        var fused = loss != Loss.Mse || act == Activation.Identity;
        if (!fused)
            Activations.Backward(act, z[..n], y[..n], d, d, cols);
    }

    private static T SquaredDistance<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> t) where T : IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        for (var i = 0; i < y.Length; i++) { var d = y[i] - t[i]; sum += d * d; }
        return sum;
    }

    private static T CrossEntropySum<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> t) where T : IFloatingPointIeee754<T>
    {
        T eps = Epsilon<T>(), hi = T.One - eps, sum = T.Zero;
        for (var i = 0; i < y.Length; i++)
            if (t[i] != T.Zero) sum -= t[i] * T.Log(T.Clamp(y[i], eps, hi));
        return sum;
    }

    private static T BinaryCrossEntropySum<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> t) where T : IFloatingPointIeee754<T>
    {
        T eps = Epsilon<T>(), hi = T.One - eps, sum = T.Zero;
        for (var i = 0; i < y.Length; i++)
        {
            var p = T.Clamp(y[i], eps, hi);
            sum -= t[i] * T.Log(p) + (T.One - t[i]) * T.Log(T.One - p);
        }
        return sum;
    }

    private static void CheckSameShape<T>(Matrix<T> y, Matrix<T> t) where T : IFloatingPointIeee754<T>
    {
        if (y.Rows != t.Rows || y.Cols != t.Cols)
            throw new ArgumentException($"predictions are {y.Rows}×{y.Cols} but targets are {t.Rows}×{t.Cols}");
    }
}
