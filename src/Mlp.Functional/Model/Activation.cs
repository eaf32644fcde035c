using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>The closed set of activation functions (names as in the model file).</summary>
public enum Activation { Identity, Sigmoid, Tanh, Relu, LeakyRelu, Gelu, Softmax }

/// <summary>
/// Each activation's forward map and, right below it, its derivative (micrograd locality).
/// All work is over whole <c>[batch × units]</c> buffers; dispatch happens once per layer.
/// </summary>
public static class Activations
{
    /// <summary>Slope of <c>leaky-relu</c> below zero (PyTorch's default).</summary>
    public const double LeakySlope = 0.01;

    /// <summary>Name used in the model file and on the command line.</summary>
    public static string Name(this Activation act) => act switch
    {
        Activation.Identity => "identity",
        Activation.Sigmoid => "sigmoid",
        Activation.Tanh => "tanh",
        Activation.Relu => "relu",
        Activation.LeakyRelu => "leaky-relu",
        Activation.Gelu => "gelu",
        Activation.Softmax => "softmax",
        _ => throw new UnreachableException(),
    };

    /// <summary>Every activation, in declaration order.</summary>
    public static IReadOnlyList<Activation> All { get; } = Enum.GetValues<Activation>();

    /// <summary>Parses a model-file name (<c>leaky-relu</c>, …); <c>null</c> when unknown.</summary>
    public static Activation? Parse(string name) =>
        All.Select(a => (Activation?)a).FirstOrDefault(a => a!.Value.Name() == name);

    /// <summary>Computes <c>a = act(z)</c> for a <c>[rows × cols]</c> buffer (softmax is per row).</summary>
    public static void Forward<T>(Activation act, ReadOnlySpan<T> z, Span<T> a, int cols)
        where T : IFloatingPointIeee754<T>
    {
        switch (act)
        {
            case Activation.Identity: z.CopyTo(a); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(z, a); break;
            case Activation.Tanh: TensorPrimitives.Tanh(z, a); break;
            case Activation.Relu: Kernels.Relu(z, a); break;
            case Activation.LeakyRelu: Kernels.LeakyRelu(z, T.CreateChecked(LeakySlope), a); break;
            case Activation.Gelu: Kernels.Gelu(z, a); break;
            case Activation.Softmax: Softmax.Rows(z, a, cols); break;
            default: throw new UnreachableException();
        }
    }

    /// <summary>
    /// Back through the activation: <c>dz = da ⊙ act′(z)</c>, using the saved <c>z</c> and
    /// <c>a = act(z)</c>. Softmax uses its Jacobian per row: <c>dz = a ⊙ (da − (da·a))</c>.
    /// <paramref name="dz"/> may be <paramref name="da"/> itself (each element is read before it is written).
    /// </summary>
    public static void Backward<T>(Activation act, ReadOnlySpan<T> z, ReadOnlySpan<T> a,
        ReadOnlySpan<T> da, Span<T> dz, int cols) where T : IFloatingPointIeee754<T>
    {
        switch (act)
        {
            case Activation.Identity: da.CopyTo(dz); break;
            case Activation.Sigmoid: Kernels.SigmoidBackward(a, da, dz); break;
            case Activation.Tanh: Kernels.TanhBackward(a, da, dz); break;
            case Activation.Relu: Kernels.StepBackward(z, T.Zero, da, dz); break;
            case Activation.LeakyRelu: Kernels.StepBackward(z, T.CreateChecked(LeakySlope), da, dz); break;
            case Activation.Gelu: Kernels.GeluBackward(z, da, dz); break;
            case Activation.Softmax: Softmax.BackwardRows(a, da, dz, cols); break;
            default: throw new UnreachableException();
        }
    }

    /// <summary>
    /// The element-wise derivative <c>d = act′(z)</c>: sigmoid′ = <c>a(1 − a)</c> (the seed's
    /// form), tanh′ = <c>1 − a²</c>, relu′ = <c>[z &gt; 0]</c> (0 at exactly 0, as PyTorch),
    /// leaky-relu′ = 1 or 0.01, gelu′ from the tanh form. Not defined for softmax (not
    /// element-wise): use <see cref="Backward{T}"/>.
    /// </summary>
    public static void Derivative<T>(Activation act, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d)
        where T : IFloatingPointIeee754<T>
    {
        switch (act)
        {
            case Activation.Identity: d[..z.Length].Fill(T.One); break;
            case Activation.Sigmoid:
                TensorPrimitives.Subtract(T.One, a, d); // 1 − a
                TensorPrimitives.Multiply(d, a, d);     // a(1 − a)
                break;
            case Activation.Tanh:
                TensorPrimitives.Multiply(a, a, d);     // a²
                TensorPrimitives.Subtract(T.One, d, d); // 1 − a²
                break;
            case Activation.Relu: Kernels.Step(z, T.One, T.Zero, d); break;
            case Activation.LeakyRelu: Kernels.Step(z, T.One, T.CreateChecked(LeakySlope), d); break;
            case Activation.Gelu: Kernels.GeluDerivative(z, d); break;
            case Activation.Softmax:
                throw new ArgumentException("softmax has no element-wise derivative; use Backward");
            default: throw new UnreachableException();
        }
    }
}
