using System.Numerics;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Optim;
using Mlp.Tensors;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Purity: forward, backward, the SGD step and the gradient check never change their inputs
/// (deep copies taken before are compared bit for bit after), return fresh buffers rather than
/// an input's, and give identical results when called twice with the same inputs and seed.
/// </summary>
[Properties(Arbitrary = new[] { typeof(Arbs) }, MaxTest = 100, QuietOnSuccess = true)]
public class PurityProps
{
    [Property]
    public Property Calls_leave_their_inputs_unchanged_and_return_fresh_buffers(NetSpec spec) =>
        Unchanged<float>(spec).And(Unchanged<double>(spec)).And(GradCheckUnchanged(spec));

    [Property]
    public Property Same_inputs_and_seed_give_identical_outputs(NetSpec spec) =>
        Repeatable<float>(spec).And(Repeatable<double>(spec)).And(GradCheckRepeatable(spec));

    private static Property Unchanged<T>(NetSpec spec) where T : IFloatingPointIeee754<T>
    {
        var (net, x, t) = (spec.Network<T>(), spec.Inputs<T>(), spec.Targets<T>());
        var (netBefore, xBefore, tBefore) = (Copy(net), Copy(x), Copy(t));
        var trace = Network.Forward(net, x);
        var (zBefore, aBefore) = (trace.Z.Select(Copy).ToArray(), trace.A.Select(Copy).ToArray());
        var prediction = Network.Predict(net, x);
        var grads = Grad.Backward(net, trace, t, spec.Loss);
        var gradsBefore = grads.Leaves.Select(Copy).ToArray();
        var next = GradientDescent.Step(net, grads, T.CreateChecked(0.1));

        var inputs = net.Params.Leaves.Append(x).Append(t).Select(Buffer).ToList();
        var fresh = trace.Z.Concat(trace.A).Append(prediction).Concat(grads.Leaves).Concat(next.Params.Leaves)
            .All(m => !inputs.Any(buffer => ReferenceEquals(buffer, Buffer(m))));
        var traceFresh = !grads.Leaves.Concat(next.Params.Leaves).Any(g =>
            trace.Z.Concat(trace.A).Any(m => ReferenceEquals(Buffer(m), Buffer(g))));
        var name = $"{typeof(T).Name} {spec}";
        return net.Equals(netBefore).Label($"{name}: the network changed")
            .And((x.Equals(xBefore) && trace.Input.Equals(xBefore)).Label($"{name}: X changed"))
            .And(t.Equals(tBefore).Label($"{name}: the targets changed"))
            .And((trace.Z.SequenceEqual(zBefore) && trace.A.SequenceEqual(aBefore)).Label($"{name}: Backward changed the trace"))
            .And(grads.Leaves.SequenceEqual(gradsBefore).Label($"{name}: Sgd.Step changed the gradients"))
            .And((fresh && traceFresh).Label($"{name}: a result shares a buffer with an input"));
    }

    private static Property GradCheckUnchanged(NetSpec spec)
    {
        var (net, x, t) = (spec.Network<double>(), spec.Inputs<double>(), spec.Targets<double>());
        var (netBefore, xBefore, tBefore) = (Copy(net), Copy(x), Copy(t));
        GradCheck.Run(net, x, t, spec.Loss);
        return (net.Equals(netBefore) && x.Equals(xBefore) && t.Equals(tBefore)).Label($"{spec}: GradCheck.Run changed an input");
    }

    private static Property Repeatable<T>(NetSpec spec) where T : IFloatingPointIeee754<T>
    {
        var (net, x, t) = (spec.Network<T>(), spec.Inputs<T>(), spec.Targets<T>());
        var (trace1, trace2) = (Network.Forward(net, x), Network.Forward(net, x));
        var (grads1, grads2) = (Grad.Backward(net, trace1, t, spec.Loss), Grad.Backward(net, trace2, t, spec.Loss));
        var lr = T.CreateChecked(0.1);
        var name = $"{typeof(T).Name} {spec}";
        return spec.Network<T>().Equals(net).Label($"{name}: the seed built another network")
            .And((trace1.Z.SequenceEqual(trace2.Z) && trace1.A.SequenceEqual(trace2.A)).Label($"{name}: Forward differs"))
            .And(Network.Predict(net, x).Equals(trace1.Output).Label($"{name}: Predict differs from Forward's output"))
            .And(grads1.Equals(grads2).Label($"{name}: Backward differs"))
            .And(GradientDescent.Step(net, grads1, lr).Equals(GradientDescent.Step(net, grads2, lr)).Label($"{name}: Sgd.Step differs"));
    }

    private static Property GradCheckRepeatable(NetSpec spec)
    {
        var (net, x, t) = (spec.Network<double>(), spec.Inputs<double>(), spec.Targets<double>());
        var (first, second) = (GradCheck.Run(net, x, t, spec.Loss), GradCheck.Run(net, x, t, spec.Loss));
        return first.Layers.SequenceEqual(second.Layers).Label($"{spec}: GradCheck.Run differs");
    }

    /// <summary>A deep copy: a new buffer with the same bits.</summary>
    private static Matrix<T> Copy<T>(Matrix<T> m) where T : IFloatingPointIeee754<T> => Matrix<T>.Create(m.Rows, m.Cols, m.Span);

    private static Network<T> Copy<T>(Network<T> net) where T : IFloatingPointIeee754<T> =>
        new(net.Layers.Select(l => new Dense<T>(Copy(l.Weight), Copy(l.Bias), l.Activation)).ToArray());

    /// <summary>The array under a matrix's immutable buffer, to tell shared buffers apart.</summary>
    private static T[]? Buffer<T>(Matrix<T> m) where T : IFloatingPointIeee754<T> => ImmutableCollectionsMarshal.AsArray(m.Data);
}
