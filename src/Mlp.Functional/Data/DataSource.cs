using System.Numerics;

namespace Mlp.Data;

/// <summary>
/// A loaded data set: the training rows, and the held-out test rows when the data set comes
/// with its own split (Fashion-MNIST's 60,000 + 10,000); otherwise the caller splits
/// <see cref="Train"/> (see <see cref="Split"/>).
/// </summary>
public sealed record DataSource<T>(Dataset<T> Train, Dataset<T>? Test) where T : IFloatingPointIeee754<T>;

/// <summary>
/// A loaded table: the training rows, and the held-out test rows when the data set comes with
/// its own split (Fashion-MNIST's 60,000 + 10,000); otherwise the caller splits <see cref="Train"/>.
/// </summary>
public sealed record TableSource<T>(Table<T> Train, Table<T>? Test) where T : IFloatingPointIeee754<T>;
