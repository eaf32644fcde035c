using System.Numerics;
using LanguageExt;
using LanguageExt.Common;
using Mlp.Data;
using Mlp.Losses;
using Mlp.Model;
using Mlp.Tensors;

namespace Mlp.Pipeline;

/// <summary>The output layer and loss a task gets, and targets shaped to fit them.</summary>
public static class Outputs
{
    /// <summary>
    /// The output layer and loss for a new network on <paramref name="data"/>: classes get softmax
    /// with cross-entropy (two classes: one sigmoid unit with binary cross-entropy, the
    /// probability of the second class); numeric targets get identity units with mse. A
    /// <paramref name="loss"/> asked for must fit the targets.
    /// </summary>
    public static Fin<(int Outputs, Activation Activation, Loss Loss)> Choose<T>(Dataset<T> data, Loss? loss)
        where T : IFloatingPointIeee754<T>
    {
        if (!data.IsClassification)
            return loss is null or Loss.Mse
                ? (data.Targets.Cols, Activation.Identity, Loss.Mse)
                : Error.New($"the loss {loss.Value.Name()} needs class labels, but the target " +
                    $"{string.Join(",", data.TargetNames)} of {data.Name} is numeric (regression); use mse");
        var k = data.Classes.Length;
        return (loss ?? (k == 2 ? Loss.BinaryCrossEntropy : Loss.CrossEntropy)) switch
        {
            Loss.BinaryCrossEntropy => (k == 2 ? 1 : k, Activation.Sigmoid, Loss.BinaryCrossEntropy),
            Loss.Mse => (k, Activation.Softmax, Loss.Mse),
            _ => (k, Activation.Softmax, Loss.CrossEntropy),
        };
    }

    /// <summary>Targets shaped for an output layer of <paramref name="outputs"/> units: one 0/1 column (the second class) for a single unit.</summary>
    public static Dataset<T> ShapeTargets<T>(Dataset<T> data, int outputs) where T : IFloatingPointIeee754<T> =>
        data.IsClassification && outputs == 1 && data.Targets.Cols == 2
            ? data with { Targets = Matrix<T>.Build(data.Rows, 1, (i, _) => T.CreateChecked(data.Labels[i])) }
            : data;
}
