using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Data;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Tensors;

namespace Mlp.Tests.Properties;

/// <summary>
/// Fitting a pipeline holds the validation rows out before it fits the preprocessing: the scaler
/// is exactly the one fitted on the training rows, which with the validation rows are every row
/// once; and a trained model's answers on raw rows are the network's on the rows it encodes.
/// </summary>
public class PipelineProps
{
    private static Dataset<double> Table(int seed, int n, int d, int k)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        // Columns of very different scales and offsets, so any leak of the held-out rows shows.
        var x = Matrix<double>.Build(n, d, (_, j) => (j + 1) * 10 * s.Normal() + j * 100);
        var labels = Enumerable.Range(0, n).Select(i => i % k).ToArray();
        return new Dataset<double>("table", x, [.. Enumerable.Range(0, d).Select(j => $"x{j}")], OneHot.Encode<double>(labels, k),
            ["y"], [.. Enumerable.Range(0, k).Select(c => $"c{c}")], [.. labels]);
    }

    [Property(MaxTest = 100, QuietOnSuccess = true)]
    public Property The_preprocessing_is_fitted_on_the_training_rows_only() =>
        Prop.ForAll((
            from seed in Gen.Choose(0, 100_000)
            from n in Gen.Choose(10, 120)
            from d in Gen.Choose(1, 6)
            from k in Gen.Choose(2, 4)
            from fraction in Gen.Elements(0.1, 0.25, 0.5)
            from kind in Gen.Elements(ScalerKind.Standardize, ScalerKind.MinMax)
            select (seed, n, d, k, fraction, kind)).ToArbitrary(),
            c =>
            {
                var data = Table(c.seed, c.n, c.d, c.k);
                var options = FitOptions.Defaults with { Validation = c.fraction, Preprocess = c.kind, Seed = c.seed, Epochs = 1 };
                var plan = Fitting.Plan(data, options).Match(p => p, e => throw new Exception(e.Message));
                var (train, valid) = Split.HoldOut(data, c.fraction, c.seed);
                var heldOut = valid is null ? 0 : valid.Rows;
                var scaler = Scaler.Fit(c.kind, train);
                var columns = plan.Preprocessing.Columns.Cast<ColumnEncoder.Numeric>().ToArray();
                return (columns.Select(e => e.Mean).SequenceEqual(scaler.Mean) && columns.Select(e => e.Scale).SequenceEqual(scaler.Scale)
                        && data.SelectRows([.. plan.TrainRows]).Features.Equals(train.Features)
                        && plan.TrainRows.Length + (plan.Valid?.Rows ?? 0) == data.Rows && (plan.Valid?.Rows ?? 0) == heldOut
                        && plan.Valid?.Features.Equals(scaler.Apply(valid!.Features)) != false)
                    .Label($"{c.n} rows, {heldOut} held out");
            });

    [Property(MaxTest = 50, QuietOnSuccess = true)]
    public Property A_model_answers_raw_rows_as_its_network_answers_the_encoded_ones() =>
        Prop.ForAll(Gen.Choose(0, 100_000).ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (seed, rows) =>
        {
            var data = Table(seed, 40, 3, 3);
            var plan = Fitting.Plan(data, FitOptions.Defaults with { Seed = seed, Epochs = 1, Validation = 0 })
                .Match(p => p, e => throw new Exception(e.Message));
            var model = plan.ModelOf(plan.Network);
            var raw = data.Features.SliceRows(0, Math.Min(rows, data.Rows));
            var y = Network.Predict(model.Network, model.Encode(raw));
            return model.Predict(raw).Equals(y) && model.Probabilities(raw).Equals(y)
                && model.Classify(raw).SequenceEqual(OneHot.Decode(y));
        });
}
