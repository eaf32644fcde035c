using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// optax's alias_test.py, on a two-leaf parameter set (x and y, each 1×1) with analytic
/// gradients: every optimizer, at its own learning rate and PyTorch's other defaults, must
/// cut the loss of a convex parabola and of Rosenbrock's valley by a large factor.
/// </summary>
public class OptimizerConvergence
{
    private static ParamSet<double> Point(double x, double y) =>
        new([Matrix<double>.FromRows([x]), Matrix<double>.FromRows([y])]);

    /// <summary><c>f = (x − 1)² + (y + 2)²</c>, minimum 0 at (1, −2).</summary>
    private static (double Loss, ParamSet<double> Grad) Parabola(double x, double y) =>
        ((x - 1) * (x - 1) + (y + 2) * (y + 2), Point(2 * (x - 1), 2 * (y + 2)));

    /// <summary><c>f = (1 − x)² + 100(y − x²)²</c>, minimum 0 at (1, 1) at the end of a curved valley.</summary>
    private static (double Loss, ParamSet<double> Grad) Rosenbrock(double x, double y) =>
        ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
         Point(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)));

    private static (double First, double Last) Minimise(string name, double lr, int steps,
        Func<double, double, (double, ParamSet<double>)> f, double x0, double y0)
    {
        var opt = Optimizers.Create(Optimizers.Parse(name)!.Value, lr);
        var p = Point(x0, y0);
        var s = opt.Init(p);
        var (first, _) = f(x0, y0);
        for (var k = 0; k < steps; k++)
        {
            var (_, g) = f(p[0][0, 0], p[1][0, 0]);
            (var u, s) = opt.Update(g, s, p);
            p = Updates.Apply(p, u);
        }
        return (first, f(p[0][0, 0], p[1][0, 0]).Item1);
    }

    [Theory]
    [InlineData("sgd", 0.1)]
    [InlineData("momentum", 0.01)]
    [InlineData("nesterov", 0.01)]
    [InlineData("adam", 0.1)]
    [InlineData("adamw", 0.1)]
    [InlineData("rmsprop", 0.1)]
    public void Each_optimizer_minimises_a_parabola(string name, double lr)
    {
        // From (−1, 10), f = 148; 500 steps must bring it below 148·1e-4.
        var (first, last) = Minimise(name, lr, 500, Parabola, -1, 10);
        Assert.Equal(148, first);
        Assert.True(last < first * 1e-4, $"{name}: loss {first} → {last}");
    }

    [Theory]
    [InlineData("sgd", 1e-3)]
    [InlineData("momentum", 5e-4)]
    [InlineData("nesterov", 5e-4)]
    [InlineData("adam", 0.02)]
    [InlineData("adamw", 0.02)]
    [InlineData("rmsprop", 3e-3)]
    public void Each_optimizer_descends_rosenbrocks_valley(string name, double lr)
    {
        // From (−1.5, 2), f = 2.5² + 100·0.25² = 12.5; 3000 steps must bring it below 12.5/100.
        var (first, last) = Minimise(name, lr, 3000, Rosenbrock, -1.5, 2);
        Assert.Equal(12.5, first);
        Assert.True(last < first / 100, $"{name}: loss {first} → {last}");
    }
}
