using System.Collections.Immutable;
using System.Numerics;
using Mlp.Tensors;

namespace Mlp.Training;

/// <summary>
/// Rows a network learns from or is scored on: inputs <c>X</c> (<c>[n × inputs]</c>), targets
/// (<c>[n × outputs]</c>), and for classification each row's class index (which the accuracy
/// counts against). A data set (in the Data layer) is one; anything that holds these can be.
/// </summary>
public interface IExamples<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>The inputs, one row per example.</summary>
    Matrix<T> Features { get; }

    /// <summary>The targets, one row per example, as wide as the network's output layer.</summary>
    Matrix<T> Targets { get; }

    /// <summary>Each row's class index, for classification; empty for regression.</summary>
    ImmutableArray<int> Labels { get; }

    /// <summary>Whether the targets are classes (accuracy is counted).</summary>
    bool IsClassification { get; }
}
