using System.Collections.Immutable;
using System.Numerics;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Random but valid trained models from a seed: any activations, a loss that fits the output,
/// weights drawn from every corner of the number line (random bit patterns, subnormals, −0,
/// the largest finite values), and optional class names, feature names and preprocessing.
/// </summary>
internal static class RandomModels
{
    public static TrainedModel<T> Build<T>(int seed, int depth, int maxWidth) where T : IFloatingPointIeee754<T>
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var inputs = 1 + s.NextInt(maxWidth);
        var layers = new Dense<T>[depth];
        var fanIn = inputs;
        for (var l = 0; l < depth; l++)
        {
            var outputs = 1 + s.NextInt(maxWidth);
            var activation = Activations.All[s.NextInt(Activations.All.Count)];
            var weight = new T[outputs * fanIn];
            var bias = new T[outputs];
            for (var k = 0; k < weight.Length; k++) weight[k] = Value<T>(ref s);
            for (var k = 0; k < bias.Length; k++) bias[k] = Value<T>(ref s);
            layers[l] = new Dense<T>(Matrix<T>.Create(outputs, fanIn, weight), Matrix<T>.Create(1, outputs, bias), activation);
            fanIn = outputs;
        }
        var network = new Network<T>(layers);
        var fitting = LossFunctions.All.Where(l => l.Fits(network.OutputActivation)).ToArray();
        var loss = fitting[s.NextInt(fitting.Length)];
        var classCount = network.Outputs >= 2 ? network.Outputs : network.OutputActivation == Activation.Sigmoid ? 2 : 0;
        var classes = classCount > 0 && s.NextInt(2) == 0 ? Names(ref s, "class", classCount) : (ImmutableArray<string>?)null;
        var features = s.NextInt(2) == 0 ? Names(ref s, "feature", inputs) : (ImmutableArray<string>?)null;
        var scaler = s.NextInt(2) == 0 ? RandomScaler(ref s, inputs) : null;
        return new TrainedModel<T>(network, loss, classes, features, scaler);
    }

    /// <summary>A finite number: a random bit pattern, a special value, or a plain small one.</summary>
    public static T Value<T>(ref Sampler s) where T : IFloatingPointIeee754<T>
    {
        var isFloat = typeof(T) == typeof(float);
        switch (s.NextInt(3))
        {
            case 0:
                while (true)
                {
                    var bits = s.NextUInt64();
                    var v = isFloat ? T.CreateChecked(BitConverter.UInt32BitsToSingle((uint)bits))
                        : T.CreateChecked(BitConverter.UInt64BitsToDouble(bits));
                    if (T.IsFinite(v)) return v;
                }
            case 1:
                double[] specials = isFloat
                    ? [0.0, -0.0, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1.1754942E-38f, 0.1f, 1f / 3]
                    : [0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.225073858507201E-308, 0.1, 1.0 / 3];
                return T.CreateChecked(specials[s.NextInt(specials.Length)]); // every float special is exact in double
            default:
                return T.CreateChecked(s.Uniform(2.0));
        }
    }

    private static ImmutableArray<string> Names(ref Sampler s, string stem, int count)
    {
        // characters that JSON must escape or that are not ASCII, to exercise the string writer
        string[] odd = ["", " ", "\"", "\\", "\n", "é", "𝔵", "\u0001", "/", "<&>"];
        var names = new string[count];
        for (var i = 0; i < count; i++) names[i] = $"{stem}{odd[s.NextInt(odd.Length)]}{i}";
        return [.. names];
    }

    private static Scaler RandomScaler(ref Sampler s, int inputs)
    {
        var mean = new double[inputs];
        var scale = new double[inputs];
        for (var j = 0; j < inputs; j++)
        {
            // within what a model file allows: float-range means, positive scales from ModelJson.MinScale
            // (every float is exact in double, so the bits still round-trip)
            mean[j] = double.CreateChecked(Value<float>(ref s));
            do scale[j] = Math.Abs(double.CreateChecked(Value<float>(ref s))); while (scale[j] < Serialization.ModelJson.MinScale);
        }
        return new Scaler(s.NextInt(2) == 0 ? ScalerKind.Standardize : ScalerKind.MinMax, [.. mean], [.. scale]);
    }

    /// <summary>Equality that also tells <c>0</c> from <c>−0</c> in the preprocessing's numbers.</summary>
    public static bool SameBits<T>(TrainedModel<T> a, TrainedModel<T> b) where T : IFloatingPointIeee754<T> =>
        a.Equals(b) && Bits(a.Inputs).SequenceEqual(Bits(b.Inputs));

    private static IEnumerable<long> Bits(Preprocessor inputs) => inputs.Columns.OfType<ColumnEncoder.Numeric>()
        .SelectMany(c => new[] { c.Mean, c.Scale, c.Impute ?? 0 }).Select(BitConverter.DoubleToInt64Bits);
}
