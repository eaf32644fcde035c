using Mlp.Data;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Cli;

/// <summary>Class labels from a network's outputs (argmax, or the 0.5 threshold of one sigmoid unit).</summary>
public static class Predictions
{
    /// <summary>The predicted class index of every row of <paramref name="x"/>.</summary>
    public static int[] Labels(Network<float> net, Matrix<float> x, Parallelism? parallelism = null) =>
        OneHot.Decode(Network.Predict(net, x, parallelism));
}
