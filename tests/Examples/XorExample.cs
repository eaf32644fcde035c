using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>The seed's section 1: XOR needs a hidden layer.</summary>
public class XorExample
{
    private static readonly Matrix<double> X = Matrix<double>.FromRows([0.0, 0], [0.0, 1], [1.0, 0], [1.0, 1]);
    private static readonly Matrix<double> T = Matrix<double>.FromRows([0.0], [1.0], [1.0], [0.0]);

    // Full-batch gradient descent with the library's pure functions only.
    private static Network<double> Train(Network<double> net, int epochs, double lr)
    {
        for (var e = 0; e < epochs; e++)
        {
            var (_, grads) = Grad.ValueAndGrad(net, X, T, Loss.Mse);
            net = GradientDescent.Step(net, grads, lr);
        }
        return net;
    }

    private static int Correct(Network<double> net) =>
        OneHot.Decode(Network.Predict(net, X)).Zip(new[] { 0, 1, 1, 0 }).Count(p => p.Item1 == p.Item2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Without_a_hidden_layer_XOR_cannot_be_fitted(int seed)
    {
        // A single sigmoid unit is a linear separator: at most 3 of the 4 points are right.
        var net = Train(Init.Network<double>([2, 1], Activation.Sigmoid, Activation.Sigmoid,
            Initializer.XavierUniform, seed), epochs: 2000, lr: 2.0);
        Assert.True(Correct(net) <= 3, $"seed {seed}: a linear model classified all 4 XOR points");
    }

    [Fact]
    public void With_one_hidden_layer_XOR_is_learned_to_100_percent()
    {
        var start = Init.Network<double>([2, 4, 1], Activation.Tanh, Activation.Sigmoid, Initializer.XavierUniform, seed: 7);
        Assert.True(Correct(start) < 4, "the untrained network must not already solve XOR");
        var net = Train(start, epochs: 2000, lr: 1.0);
        Assert.Equal(4, Correct(net));
        Assert.True(LossFunctions.Value(Loss.Mse, Network.Predict(net, X), T) < 0.01);
    }
}
