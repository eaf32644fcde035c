using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Model;

/// <summary>The closed set of weight initialisers (names as on the command line).</summary>
public enum Initializer { XavierUniform, XavierNormal, HeUniform, HeNormal }

/// <summary>
/// Weight initialisation, deterministic from an explicit <see cref="Rng"/>. Biases start at 0.
/// Xavier/Glorot uniform <c>U(−l, l)</c>, <c>l = √(6/(fan_in+fan_out))</c> (seed 4.2);
/// Xavier normal <c>N(0, 2/(fan_in+fan_out))</c>; He uniform <c>l = √(6/fan_in)</c>;
/// He normal <c>N(0, 2/fan_in)</c>.
/// </summary>
public static class Init
{
    /// <summary>Name used on the command line.</summary>
    public static string Name(this Initializer init) => init switch
    {
        Initializer.XavierUniform => "xavier-uniform",
        Initializer.XavierNormal => "xavier-normal",
        Initializer.HeUniform => "he-uniform",
        Initializer.HeNormal => "he-normal",
        _ => throw new UnreachableException(),
    };

    /// <summary>Every initialiser.</summary>
    public static IReadOnlyList<Initializer> All { get; } = Enum.GetValues<Initializer>();

    /// <summary>Parses a command-line name; <c>null</c> when unknown.</summary>
    public static Initializer? Parse(string name) =>
        All.Select(i => (Initializer?)i).FirstOrDefault(i => i!.Value.Name() == name);

    /// <summary>The bound <c>l</c> of a uniform initialiser (NaN for the normal ones).</summary>
    public static double UniformLimit(Initializer init, int fanIn, int fanOut) => init switch
    {
        Initializer.XavierUniform => Math.Sqrt(6.0 / (fanIn + fanOut)),
        Initializer.HeUniform => Math.Sqrt(6.0 / fanIn),
        _ => double.NaN,
    };

    /// <summary>The variance the initialiser draws with: <c>l²/3</c> for uniform ones.</summary>
    public static double Variance(Initializer init, int fanIn, int fanOut) => init switch
    {
        Initializer.XavierUniform or Initializer.HeUniform => Math.Pow(UniformLimit(init, fanIn, fanOut), 2) / 3,
        Initializer.XavierNormal => 2.0 / (fanIn + fanOut),
        Initializer.HeNormal => 2.0 / fanIn,
        _ => throw new UnreachableException(),
    };

    /// <summary>A <c>[fanOut × fanIn]</c> weight matrix and the state after drawing it.</summary>
    public static (Matrix<T> Weight, Rng Next) Weight<T>(Initializer init, int fanIn, int fanOut, Rng rng)
        where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(rng);
        var w = new T[fanOut * fanIn];
        var uniform = init is Initializer.XavierUniform or Initializer.HeUniform;
        var scale = uniform ? UniformLimit(init, fanIn, fanOut) : Math.Sqrt(Variance(init, fanIn, fanOut));
        for (var i = 0; i < w.Length; i++)
            w[i] = T.CreateChecked(uniform ? s.Uniform(scale) : scale * s.Normal());
        return (Matrix<T>.Own(w, fanOut, fanIn), s.State);
    }

    /// <summary>
    /// A fresh network with layer widths <paramref name="sizes"/> (<c>[in, h1, …, out]</c>),
    /// <paramref name="hidden"/> on every hidden layer and <paramref name="output"/> on the last.
    /// </summary>
    public static Network<T> Network<T>(IReadOnlyList<int> sizes, Activation hidden, Activation output,
        Initializer init, long seed) where T : IFloatingPointIeee754<T>
    {
        var acts = Enumerable.Range(0, sizes.Count - 1)
            .Select(l => l == sizes.Count - 2 ? output : hidden).ToArray();
        return Network<T>(sizes, acts, init, Rng.FromSeed(seed));
    }

    /// <summary>A fresh network with one activation per layer, drawn from <paramref name="rng"/>.</summary>
    public static Network<T> Network<T>(IReadOnlyList<int> sizes, IReadOnlyList<Activation> activations,
        Initializer init, Rng rng) where T : IFloatingPointIeee754<T>
    {
        if (sizes.Count < 2) throw new ArgumentException("a network needs at least an input and an output size");
        if (activations.Count != sizes.Count - 1)
            throw new ArgumentException($"{sizes.Count - 1} layers need {sizes.Count - 1} activations, got {activations.Count}");
        if (sizes.Any(s => s <= 0)) throw new ArgumentException($"layer sizes must be positive: {string.Join(",", sizes)}");
        var layers = ImmutableArray.CreateBuilder<Dense<T>>(sizes.Count - 1);
        for (var l = 0; l + 1 < sizes.Count; l++)
        {
            (var w, rng) = Weight<T>(init, sizes[l], sizes[l + 1], rng);
            layers.Add(new Dense<T>(w, Matrix<T>.Zeros(1, sizes[l + 1]), activations[l]));
        }
        return new Network<T>(layers.MoveToImmutable());
    }
}
