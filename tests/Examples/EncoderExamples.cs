using System.Collections.Immutable;
using Mlp.Data;
using Mlp.Pipeline;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// The preprocessing of a raw table: missing cells filled with what the training rows say,
/// numbers scaled after filling, text one-hot over the training rows' sorted categories, an
/// unseen category as zeros, and every refusal naming the line and column.
/// </summary>
public class EncoderExamples
{
    // age: 20, missing, 40, 30; colour: red, blue, missing, red; lines 2…5.
    internal static Table<double> People(string name = "people.csv") => new(name,
    [
        new Column<double>.Numeric("age", 0, Values<double>.Of([20, double.NaN, 40, 30])),
        new Column<double>.Text("colour", 1, Values<int>.Of([0, 1, -1, 0]), ["red", "blue"]),
    ], [], Values<int>.Of([2, 3, 4, 5]), []);

    private static readonly PreprocessSettings Standard = new(ScalerKind.Standardize, ImputeKind.Auto, 100);

    private static Preprocessor Fitted(Table<double> table, int[] rows, PreprocessSettings settings) =>
        Preprocessor.Fit(table, rows, settings).Match(p => p, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public void Auto_fills_numbers_with_the_median_and_text_with_the_most_frequent_then_scales()
    {
        var p = Fitted(People(), [0, 1, 2, 3], Standard);
        var age = (ColumnEncoder.Numeric)p.Columns[0];
        Assert.Equal(30, age.Impute);                       // median of 20, 40, 30
        Assert.Equal(30, age.Mean, 12);                     // of 20, 30 (filled), 40, 30
        Assert.Equal(Math.Sqrt(50), age.Scale, 12);         // population std of the filled column
        var colour = (ColumnEncoder.Categorical)p.Columns[1];
        Assert.Equal(["blue", "red"], colour.Categories.ToArray()); // sorted
        Assert.Equal("red", colour.Impute);
        Assert.Equal(["age", "colour=blue", "colour=red"], p.InputNames.ToArray());

        var (x, report) = p.Encode(People()).Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal([(20 - 30) / Math.Sqrt(50), 0, 1], x.Row(0).ToArray());
        Assert.Equal([0, 1, 0], x.Row(1).ToArray()); // age filled with 30 scales to 0
        Assert.Equal([(40 - 30) / Math.Sqrt(50), 0, 1], x.Row(2).ToArray()); // colour filled with red
        Assert.Equal([("age", 1), ("colour", 1)], report.Imputed.ToArray());
        Assert.Empty(report.Unseen);
    }

    [Fact]
    public void Mean_median_and_most_frequent_fill_as_asked()
    {
        PreprocessSettings With(ImputeKind k) => new(null, k, 100);
        Assert.Equal(30, ((ColumnEncoder.Numeric)Fitted(People(), [0, 1, 2, 3], With(ImputeKind.Mean)).Columns[0]).Impute);
        Assert.Equal(20, ((ColumnEncoder.Numeric)Fitted(People(), [0, 1, 3], With(ImputeKind.MostFrequent)).Columns[0]).Impute);
        Assert.Equal(25, ((ColumnEncoder.Numeric)Fitted(People(), [0, 1, 3], With(ImputeKind.Median)).Columns[0]).Impute);
        var none = (ColumnEncoder.Numeric)Fitted(People(), [0, 1, 2, 3], new(null, ImputeKind.Auto, 100)).Columns[0];
        Assert.Equal((0.0, 1.0), (none.Mean, none.Scale)); // no scaling asked for
    }

    [Fact]
    public void Categories_come_from_the_training_rows_only_and_an_unseen_one_is_all_zeros()
    {
        var p = Fitted(People(), [0, 3], Standard); // only "red" is in the training rows
        Assert.Equal(["red"], ((ColumnEncoder.Categorical)p.Columns[1]).Categories.ToArray());
        var (x, report) = p.Encode(People()).Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(0, x[1, 1]); // blue was never seen: zeros
        Assert.Equal([("colour", 1)], report.Unseen.ToArray());
        Assert.Equal("people.csv: line 3, column 2 (colour): the category \"blue\" was not in the training rows; expected one of: red",
            p.Encode(People(), unknownIsError: true).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Without_filling_every_missing_cell_is_listed()
    {
        var error = Preprocessor.Fit(People(), [0, 1, 2, 3], new(null, ImputeKind.None, 100)).Match(_ => "", e => e.Message);
        Assert.Equal("people.csv: 2 missing cell(s) and no filling asked for (--impute none); expected a value in " +
            "line 3, column 1 (age); line 4, column 2 (colour); --impute auto fills them", error);
    }

    [Fact]
    public void Too_many_categories_is_an_error_that_names_the_column()
    {
        var error = Preprocessor.Fit(People(), [0, 1, 2, 3], new(null, ImputeKind.Auto, 1)).Match(_ => "", e => e.Message);
        Assert.Equal("people.csv: column 2 (colour) has 2 categories in the training rows, more than the limit of 1; " +
            "is it an identifier? Leave it out (--drop colour), or raise the limit (--max-categories 2)", error);
    }

    [Fact]
    public void A_table_with_the_columns_in_another_order_and_more_of_them_encodes_the_same()
    {
        var p = Fitted(People(), [0, 1, 2, 3], Standard);
        var people = People();
        var shuffled = people with
        {
            Features = [people.Features[1], new Column<double>.Numeric("id", 2, Values<double>.Of([7, 8, 9, 10])), people.Features[0]],
        };
        Assert.Equal(p.Encode(people).Map(r => r.X), p.Encode(shuffled).Map(r => r.X));
        Assert.Equal("people.csv: line 1: no column named \"age\" for the model's input column 1; the columns are: colour",
            p.Encode(people with { Features = [people.Features[1]] }).Match(_ => "", e => e.Message));
    }
}
