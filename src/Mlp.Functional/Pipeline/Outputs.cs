using System.Collections.Immutable;
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
        where T : IFloatingPointIeee754<T> =>
        Choose(data.IsClassification ? data.Classes.Length : 0, data.Targets.Cols, data.TargetNames, data.Name, loss);

    /// <summary>As <see cref="Choose{T}(Dataset{T}, Loss?)"/>, for decided <paramref name="targets"/>.</summary>
    public static Fin<(int Outputs, Activation Activation, Loss Loss)> Choose<T>(Targets<T> targets, string dataName, Loss? loss)
        where T : IFloatingPointIeee754<T> =>
        Choose(targets.Classes.Length, targets.Values.Cols, targets.Names, dataName, loss);

    // k classes (0 for regression) or `columns` numeric targets.
    private static Fin<(int, Activation, Loss)> Choose(int k, int columns, ImmutableArray<string> names, string dataName, Loss? loss)
    {
        if (k == 0)
            return loss is null or Loss.Mse
                ? (columns, Activation.Identity, Loss.Mse)
                : Error.New($"the loss {loss.Value.Name()} needs class labels, but the target " +
                    $"{Echo.List(names)} of {Echo.Path(dataName)} is numeric (regression); use mse");
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
