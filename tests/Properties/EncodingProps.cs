using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mlp.Data;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Tensors;

namespace Mlp.Tests.Properties;

/// <summary>
/// Raw tables through the pipeline: the encoders are fitted on the training rows alone (changing
/// every validation and test cell changes nothing they learned); a category the training rows
/// never had encodes to zeros and is counted; and an <c>mlp/1</c> file predicts as its scaler and
/// network did before <c>mlp/2</c>.
/// </summary>
public class EncodingProps
{
    private static readonly string[] Colours = ["red", "green", "blue", "cyan"];

    // A numeric column and a text column, both with missing cells, and a class target.
    private static Table<double> Mixed(int seed, int n, string name = "mixed")
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var numbers = new double[n];
        var codes = new int[n];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            numbers[i] = s.NextInt(5) == 0 ? double.NaN : 100 * s.Normal() + 40;
            codes[i] = s.NextInt(6) == 0 ? -1 : s.NextInt(Colours.Length);
            labels[i] = s.NextInt(2);
        }
        return new Table<double>(name,
            [new Column<double>.Numeric("x", 0, Values<double>.Of(numbers)), new Column<double>.Text("colour", 1, Values<int>.Of(codes), [.. Colours])],
            [new Column<double>.Text("y", 2, Values<int>.Of(labels), ["no", "yes"])],
            Values<int>.Of([.. Enumerable.Range(2, n)]), []);
    }

    // The table with every row but `keep` changed: numbers far off, colours unseen in training.
    private static Table<double> Scrambled(Table<double> table, ISet<int> keep, int seed)
    {
        var s = new Sampler(Rng.FromSeed(seed));
        var x = (Column<double>.Numeric)table.Features[0];
        var colour = (Column<double>.Text)table.Features[1];
        var numbers = Enumerable.Range(0, table.Rows).Select(i => keep.Contains(i) ? x.Values[i] : 1e6 * s.Normal()).ToArray();
        var codes = Enumerable.Range(0, table.Rows).Select(i => keep.Contains(i) ? colour.Codes[i] : Colours.Length + s.NextInt(3)).ToArray();
        return table with
        {
            Features =
            [
                new Column<double>.Numeric("x", 0, Values<double>.Of(numbers)),
                new Column<double>.Text("colour", 1, Values<int>.Of(codes), [.. Colours, "mauve", "ochre", "teal"]),
            ],
        };
    }

    [Property(MaxTest = 60, QuietOnSuccess = true)]
    public Property Encoders_fitted_on_training_rows_never_see_validation_or_test_rows() =>
        Prop.ForAll((
            from seed in Gen.Choose(0, 100_000)
            from n in Gen.Choose(20, 150)
            from fraction in Gen.Elements(0.1, 0.25, 0.5)
            from impute in Gen.Elements(ImputeKind.Auto, ImputeKind.Mean, ImputeKind.MostFrequent)
            from scale in Gen.Elements<ScalerKind?>(ScalerKind.Standardize, ScalerKind.MinMax, null)
            select (seed, n, fraction, impute, scale)).ToArbitrary(),
            c =>
            {
                var options = FitOptions.Defaults with
                {
                    Validation = c.fraction, Seed = c.seed, Epochs = 1, Impute = c.impute, Preprocess = c.scale,
                };
                var (table, test) = (Mixed(c.seed, c.n), Mixed(c.seed + 1, 30, "test"));
                var plan = Fitting.Plan(table, options, test).Match(p => p, e => throw new Exception(e.Message));
                var train = plan.TrainRows.ToHashSet();
                var again = Fitting.Plan(Scrambled(table, train, c.seed), options, Scrambled(test, new HashSet<int>(), c.seed))
                    .Match(p => p, e => throw new Exception(e.Message));
                var direct = Preprocessor.Fit(table, [.. plan.TrainRows], options.Preprocessing).Match(p => p, e => throw new Exception(e.Message));
                return (plan.Preprocessing.Equals(again.Preprocessing) && plan.Preprocessing.Equals(direct)
                        && plan.TrainRows.SequenceEqual(again.TrainRows) && plan.Train.Features.Equals(again.Train.Features)
                        && plan.Valid is not null)
                    .Label($"{c.n} rows, {plan.TrainRows.Length} training");
            });

    [Property(MaxTest = 100, QuietOnSuccess = true)]
    public Property An_unseen_category_encodes_to_zeros_and_is_counted() =>
        Prop.ForAll(Gen.Choose(0, 100_000).ToArbitrary(), Gen.Choose(5, 60).ToArbitrary(), (seed, n) =>
        {
            var table = Mixed(seed, n);
            var rows = Enumerable.Range(0, n).ToArray();
            var p = Preprocessor.Fit(table, rows, new PreprocessSettings(ScalerKind.Standardize, ImputeKind.Auto, 100))
                .Match(p => p, e => throw new Exception(e.Message));
            var known = ((ColumnEncoder.Categorical)p.Columns[1]).Categories.ToHashSet();
            var unseenRows = Enumerable.Range(0, n).Where(_ => true).Where(i => (seed + i) % 3 == 0).ToHashSet();
            var strange = Scrambled(table, rows.Where(i => !unseenRows.Contains(i)).ToHashSet(), seed);
            var (before, _) = p.Encode(table).Match(r => r, e => throw new Exception(e.Message));
            var (after, report) = p.Encode(strange).Match(r => r, e => throw new Exception(e.Message));
            var width = p.Columns[1].Width;
            var zeros = unseenRows.All(i => after.Row(i)[1..].ToArray().All(v => v == 0));
            var othersSame = rows.Where(i => !unseenRows.Contains(i)).All(i => after.Row(i).SequenceEqual(before.Row(i)));
            var counted = report.Unseen.SingleOrDefault(u => u.Column == "colour").Count == unseenRows.Count;
            var refused = p.Encode(strange, null, unknownIsError: true).IsFail == unseenRows.Count > 0;
            return (zeros && othersSame && (unseenRows.Count == 0 || counted) && refused && width == known.Count)
                .Label($"{unseenRows.Count} of {n} rows unseen");
        });

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property The_median_filling_is_the_middle_of_the_sorted_training_values() =>
        Prop.ForAll(Gen.Choose(0, 100_000).ToArbitrary(), Gen.Choose(1, 80).ToArbitrary(), (seed, n) =>
        {
            var s = new Sampler(Rng.FromSeed(seed));
            // Few distinct values, so ties and runs of equal values are common; some cells missing.
            var values = Enumerable.Range(0, n).Select(_ => s.NextInt(6) == 0 ? double.NaN : s.NextInt(7) - 3 + (s.NextInt(2) == 0 ? 0.5 : 0)).ToArray();
            var table = new Table<double>("t", [new Column<double>.Numeric("x", 0, Values<double>.Of(values))], [],
                Values<int>.Of([.. Enumerable.Range(2, n)]), []);
            var rows = Enumerable.Range(0, n).Where(_ => s.NextInt(4) != 0).ToArray();
            var fitted = Preprocessor.Fit(table, rows, new PreprocessSettings(null, ImputeKind.Median, 100))
                .Match(p => p, e => throw new Exception(e.Message));
            var sorted = rows.Select(r => values[r]).Where(v => !double.IsNaN(v)).Order().ToArray();
            var expected = sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
                : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            return (((ColumnEncoder.Numeric)fitted.Columns[0]).Impute == expected).Label($"{sorted.Length} values");
        });

    [Property(MaxTest = 100, QuietOnSuccess = true)]
    public Property An_mlp1_file_predicts_as_its_scaler_and_network_did() =>
        Prop.ForAll(Gen.Choose(0, 100_000).ToArbitrary(), Gen.Elements<ScalerKind?>(ScalerKind.Standardize, ScalerKind.MinMax, null).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(), (seed, kind, named) =>
            {
                var s = new Sampler(Rng.FromSeed(seed));
                var d = 1 + s.NextInt(6);
                var net = Init.Network<float>([d, 1 + s.NextInt(8), 3], Activation.Tanh, Activation.Softmax, Initializer.XavierUniform, seed);
                var mean = Enumerable.Range(0, d).Select(_ => Math.Round(10 * s.Normal(), 3)).ToArray();
                var scale = Enumerable.Range(0, d).Select(_ => Math.Round(0.1 + 5 * s.NextDouble(), 3)).ToArray();
                var scaler = kind is { } k ? new Scaler(k, [.. mean], [.. scale]) : null;
                var text = Mlp1(net, scaler, named ? [.. Enumerable.Range(0, d).Select(j => $"f{j}")] : null);
                var model = ModelJson.ParseText<float>(text).Match(m => m, e => throw new Exception(e.Message));
                var x = Matrix<float>.Build(7, d, (_, _) => (float)(20 * s.Normal()));
                var before = Network.Predict(net, scaler is null ? x : scaler.Apply(x));
                var now = model.Predict(x);
                return Enumerable.Range(0, before.Length).All(i =>
                    BitConverter.SingleToInt32Bits(before.Span[i]) == BitConverter.SingleToInt32Bits(now.Span[i]));
            });

    // An mlp/1 model file as the writer of that format wrote it.
    private static string Mlp1(Network<float> net, Scaler? scaler, string[]? features)
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string Nf(float v) => v.ToString("R", CultureInfo.InvariantCulture);
        var layers = net.Layers.Select(l =>
            $"{{\"outputs\": {l.Out}, \"activation\": \"{l.Activation.Name()}\", \"weights\": [" +
            string.Join(", ", Enumerable.Range(0, l.Out).Select(i => "[" + string.Join(", ", l.Weight.Row(i).ToArray().Select(Nf)) + "]")) +
            $"], \"bias\": [{string.Join(", ", l.Bias.Span.ToArray().Select(Nf))}]}}");
        var pre = scaler is null ? "" : $", \"preprocessing\": {{\"kind\": \"{scaler.Kind.Name()}\", " +
            $"\"mean\": [{string.Join(", ", scaler.Mean.Select(N))}], \"scale\": [{string.Join(", ", scaler.Scale.Select(N))}]}}";
        var names = features is null ? "" : $", \"features\": [{string.Join(", ", features.Select(f => $"\"{f}\""))}]";
        return $"{{\"format\": \"mlp/1\", \"inputs\": {net.Inputs}, \"loss\": \"cross-entropy\"{names}{pre}, \"layers\": [{string.Join(", ", layers)}]}}";
    }
}
