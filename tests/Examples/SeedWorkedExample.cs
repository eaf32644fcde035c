using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// The seed's section 3.2: a 2-2-1 sigmoid network, sample (1, 1) → 0, MSE, η = 0.5.
/// The seed rounds at every step, so each number is checked to within 0.001.
/// </summary>
public class SeedWorkedExample
{
    private const double Tol = 0.001;

    internal static Network<double> SeedNetwork() => new(
        new Dense<double>(Matrix<double>.FromRows([0.5, 0.5], [-0.5, -0.5]),
            Matrix<double>.FromRows([-0.2, 0.7]), Activation.Sigmoid),
        new Dense<double>(Matrix<double>.FromRows([1.0, 1.0]),
            Matrix<double>.FromRows([-0.5]), Activation.Sigmoid));

    private static readonly Matrix<double> X = Matrix<double>.FromRows([1.0, 1.0]);
    private static readonly Matrix<double> T = Matrix<double>.FromRows([0.0]);

    [Fact]
    public void Forward_pass_gives_the_seeds_numbers()
    {
        var trace = Network.Forward(SeedNetwork(), X);
        Assert.Equal(0.8, trace.Z[0][0, 0], Tol);
        Assert.Equal(-0.3, trace.Z[0][0, 1], Tol);
        Assert.Equal(0.690, trace.A[0][0, 0], Tol);
        Assert.Equal(0.426, trace.A[0][0, 1], Tol);
        Assert.Equal(0.616, trace.Z[1][0, 0], Tol);
        Assert.Equal(0.649, trace.Output[0, 0], Tol);
        Assert.Equal(0.211, LossFunctions.Value(Loss.Mse, trace.Output, T), Tol);
    }

    [Fact]
    public void Backward_pass_gives_the_seeds_deltas_and_gradients()
    {
        var net = SeedNetwork();
        var bp = Grad.Backpropagate(net, Network.Forward(net, X), T, Loss.Mse);
        Assert.Equal(0.148, bp.Deltas[1][0, 0], Tol);
        Assert.Equal(0.032, bp.Deltas[0][0, 0], Tol);
        Assert.Equal(0.036, bp.Deltas[0][0, 1], Tol);
        Assert.Equal(0.102, bp.Gradients.Weight(1)[0, 0], Tol);
        Assert.Equal(0.063, bp.Gradients.Weight(1)[0, 1], Tol);
        Assert.Equal(0.148, bp.Gradients.Bias(1)[0, 0], Tol);
        Assert.Equal(0.032, bp.Gradients.Weight(0)[0, 0], Tol);
        Assert.Equal(0.032, bp.Gradients.Weight(0)[0, 1], Tol);
    }

    [Fact]
    public void One_sgd_step_gives_the_seeds_new_weights()
    {
        var net = SeedNetwork();
        var grads = Grad.Backward(net, Network.Forward(net, X), T, Loss.Mse);
        var next = GradientDescent.Step(net, grads, 0.5);
        Assert.Equal(0.949, next.Layers[1].Weight[0, 0], Tol);
        Assert.Equal(0.968, next.Layers[1].Weight[0, 1], Tol);
        Assert.Equal(-0.574, next.Layers[1].Bias[0, 0], Tol);
        Assert.Equal(0.484, next.Layers[0].Weight[0, 0], Tol);
        Assert.Equal(0.484, next.Layers[0].Weight[0, 1], Tol);
        Assert.Equal(-0.518, next.Layers[0].Weight[1, 0], Tol);
        Assert.Equal(-0.518, next.Layers[0].Weight[1, 1], Tol);
        Assert.Equal(-0.216, next.Layers[0].Bias[0, 0], Tol);
        Assert.Equal(0.682, next.Layers[0].Bias[0, 1], Tol);
    }

    [Fact]
    public void Sigmoid_derivative_at_zero_is_a_quarter()
    {
        var d = new double[1];
        Activations.Derivative<double>(Activation.Sigmoid, [0.0], [0.5], d);
        Assert.Equal(0.25, d[0], 1e-15);
        var a = new double[1];
        Activations.Forward<double>(Activation.Sigmoid, [0.0], a, 1);
        Assert.Equal(0.5, a[0], 1e-15);
    }

    [Fact]
    public void Cross_entropy_of_the_seeds_three_class_example()
    {
        var t = Matrix<double>.FromRows([0.0, 1.0, 0.0]);
        var y = Matrix<double>.FromRows([0.2, 0.7, 0.1]);
        Assert.Equal(0.357, LossFunctions.Value(Loss.CrossEntropy, y, t), Tol);
    }

    [Fact]
    public void Softmax_gradient_at_j2_is_minus_point_three_by_all_three_methods()
    {
        double[] t = [0, 1, 0], y = [0.2, 0.7, 0.1];
        const int j = 1; // the seed's j = 2, zero-based
        // Method 1: Σ_i (−t_i / y_i) · ∂y_i/∂z_j, with ∂y_i/∂z_j = y_i(δ_ij − y_j).
        var method1 = Enumerable.Range(0, 3).Sum(i => -t[i] / y[i] * y[i] * ((i == j ? 1 : 0) - y[j]));
        // Method 2: −t_j(1 − y_j) + Σ_{i≠j} t_i y_j.
        var method2 = -t[j] * (1 - y[j]) + Enumerable.Range(0, 3).Where(i => i != j).Sum(i => t[i] * y[j]);
        // Method 3: the library's fused gradient y − t (batch of one).
        var z = Matrix<double>.FromRows([Math.Log(0.2), Math.Log(0.7), Math.Log(0.1)]);
        var probs = Softmax.Apply(z);
        var fused = LossFunctions.OutputDelta(Loss.CrossEntropy, Activation.Softmax, z, probs,
            Matrix<double>.FromRows(t));
        // And the library's softmax Jacobian-vector product applied to ∂L/∂y = −t/y.
        var dy = t.Select((ti, i) => -ti / y[i]).ToArray();
        var jvp = new double[3];
        Softmax.BackwardRows<double>(probs.Span, dy, jvp, 3);
        Assert.Equal(-0.3, method1, 1e-12);
        Assert.Equal(-0.3, method2, 1e-12);
        Assert.Equal(-0.3, fused[0, j], 1e-12);
        Assert.Equal(-0.3, jvp[j], 1e-12);
    }

    [Fact]
    public void One_hot_of_0_2_1_is_the_seeds_matrix()
    {
        var onehot = OneHot.Encode<double>([0, 2, 1], 3);
        Assert.Equal(Matrix<double>.FromRows([1.0, 0, 0], [0.0, 0, 1], [0.0, 1, 0]), onehot);
    }
}
