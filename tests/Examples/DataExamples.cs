using LanguageExt;
using Mlp.Data;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>CSV reading: each kind of bad data gives its own message, naming file, line and column.</summary>
public partial class DataExamples
{
    internal static Dataset<double> Ok(Fin<Dataset<double>> fin) =>
        fin.Match(d => d, e => throw new Xunit.Sdk.XunitException($"expected data, got: {e.Message}"));

    internal static string Fails<A>(Fin<A> fin) =>
        fin.Match(a => throw new Xunit.Sdk.XunitException($"expected an error, got {a}"), e => e.Message);

    private static string CsvError(string text, CsvOptions? options = null) =>
        Fails(Csv.Read<double>(text, "bad.csv", options));

    [Theory]
    [InlineData("", "bad.csv: line 1: the file is empty; expected a header row")]
    [InlineData("\n  \r\n", "bad.csv: line 3: the file is empty")]
    [InlineData("a,b,c\n", "bad.csv: line 1: no data rows after the header")]
    [InlineData("a,,c\n1,2,3\n", "bad.csv: line 1, column 2: the header has an empty column name")]
    [InlineData("a,b,a\n1,2,3\n", "bad.csv: line 1, column 3 (a): the column name repeats column 1")]
    [InlineData("a,b,c\n1,2,x\n1,2\n", "bad.csv: line 3: expected 3 fields, as the header has, got 2")]
    [InlineData("a,b,c\n1,2,x\n1,2,y,4\n", "bad.csv: line 3: expected 3 fields, as the header has, got 4")]
    [InlineData("a,b,c\n1,2,x\n1,abc,y\n", "bad.csv: line 3, column 2 (b): expected a number, got \"abc\"")]
    [InlineData("a,b,c\n1,,x\n", "bad.csv: line 2, column 2 (b): expected a number, got an empty field")]
    [InlineData("a,b,c\n1,2,x\n\n1,NaN,y\n", "bad.csv: line 4, column 2 (b): expected a finite number, got \"NaN\" (NaN and infinity are not allowed)")]
    [InlineData("a,b,c\n-Infinity,2,x\n", "bad.csv: line 2, column 1 (a): expected a finite number, got \"-Infinity\"")]
    [InlineData("a,b,c\n1e999,2,x\n", "bad.csv: line 2, column 1 (a): \"1e999\" is out of range for Double")]
    [InlineData("a,b,c\n1,2,x\n3,4,x\n", "bad.csv: line 1, column 3 (c): every row (lines 2–3) has the class \"x\"; classification needs at least 2 classes")]
    [InlineData("a,b,c\n1,2,\"x\n", "bad.csv: line 2, column 3: the quoted field never ends: expected a closing '\"'")]
    [InlineData("a,b,c\n1,2,\"x\"y\n", "bad.csv: line 2, column 3: expected ',' or the end of the line after the closing quote, got \"y\"")]
    [InlineData("a,b,c\r\n1,2,x\r\n1,2,\r\n", "bad.csv: line 3, column 3 (c): expected a class label, got an empty field")]
    [InlineData("a,b,c\n1,2,x\r\n3\u00004,y\n", "bad.csv: line 3: a NUL character: this looks like a binary file, not CSV text")]
    [InlineData("{\n  \"format\": \"mlp/1\"\n}\n", "bad.csv: line 1: the header has one column, \"{\", and it is the target; expected comma-separated columns")]
    public void Bad_csv_gives_a_message_with_line_column_and_expectation(string text, string expected) =>
        Assert.StartsWith(expected, CsvError(text));

    [Fact]
    public void A_long_bad_value_is_quoted_truncated()
    {
        var message = CsvError($"a,b\n{new string('z', 100)},x\n2,y\n");
        Assert.Contains($"got \"{new string('z', 24)}…\"", message);
        Assert.DoesNotContain(new string('z', 25), message);
    }

    [Fact]
    public void An_unknown_target_lists_the_columns()
    {
        var message = CsvError("a,b,c\n1,2,3\n", new CsvOptions { Targets = ["species"] });
        Assert.Equal("bad.csv: line 1: no column named \"species\" for the target; the columns are: a, b, c", message);
    }

    [Fact]
    public void A_label_outside_fixed_classes_is_named()
    {
        var message = CsvError("a,c\n1,x\n2,z\n", new CsvOptions { Classes = ["x", "y"] });
        Assert.Equal("bad.csv: line 3, column 2 (c): unknown class \"z\"; expected one of: x, y", message);
    }

    [Fact]
    public void Float_overflow_is_reported_for_float_only()
    {
        var text = "a,c\n1e39,x\n2,y\n";
        Assert.Equal(1e39, Ok(Csv.Read<double>(text, "f.csv")).Features[0, 0]);
        Assert.Contains("line 2, column 1 (a): \"1e39\" is out of range for Single",
            Fails(Csv.Read<float>(text, "f.csv")));
    }

    [Fact]
    public void Numeric_labels_sort_numerically_and_keep_their_text()
    {
        var d = Ok(Csv.Read<double>("x,y\n1,10\n2,9\n3,2.0\n4,9\n", "n.csv", new CsvOptions { Task = TaskKind.Classification }));
        Assert.Equal(["2.0", "9", "10"], d.Classes.ToArray());
        Assert.Equal([2, 1, 0, 1], d.Labels.ToArray());
        Assert.Equal(1.0, d.Targets[0, 2]);
        Assert.Equal(0.0, d.Targets[0, 0]);
    }

    [Fact]
    public void Text_labels_sort_ordinally()
    {
        var d = Ok(Csv.Read<double>("x,y\n1,b\n2,B\n3,a\n4,10\n", "t.csv"));
        Assert.Equal(["10", "B", "a", "b"], d.Classes.ToArray());
        Assert.Equal([3, 1, 2, 0], d.Labels.ToArray());
    }

    [Fact]
    public void Quotes_whitespace_crlf_and_blank_lines_are_tolerated()
    {
        var text = "\uFEFF a , \"b, the second\" ,label\r\n 1.5 ,\"-2e3\", \"x \"\"y\"\"\"\r\n\r\n3,4,z\r\n\r\n\r\n";
        var d = Ok(Csv.Read<double>(text, "q.csv"));
        Assert.Equal(["a", "b, the second"], d.FeatureNames.ToArray());
        Assert.Equal(["label"], d.TargetNames.ToArray());
        Assert.Equal([1.5, -2000, 3, 4], d.Features.Data.ToArray());
        Assert.Equal(["x \"y\"", "z"], d.Classes.ToArray());
    }

    [Fact]
    public void Auto_picks_regression_for_fractions_and_classification_for_few_integers()
    {
        var fractions = Ok(Csv.Read<double>("x,y\n1,0.5\n2,3\n", "r.csv"));
        Assert.False(fractions.IsClassification);
        Assert.Equal([0.5, 3], fractions.Targets.Data.ToArray());
        Assert.Empty(fractions.Classes);
        Assert.Empty(fractions.Labels);
        var integers = Ok(Csv.Read<double>("x,y\n1,0\n2,3\n3,0\n", "c.csv"));
        Assert.Equal(["0", "3"], integers.Classes.ToArray());
        var many = string.Concat(Enumerable.Range(0, 51).Select(i => $"{i},{i}\n"));
        Assert.False(Ok(Csv.Read<double>("x,y\n" + many, "m.csv")).IsClassification);
        Assert.True(Ok(Csv.Read<double>("x,y\n" + many, "m.csv", new CsvOptions { Task = TaskKind.Classification })).IsClassification);
        Assert.Contains("line 3, column 2 (y): expected a number, got \"oops\"",
            CsvError("x,y\n1,0.5\n2,oops\n"));
    }

    [Fact]
    public void Several_target_columns_give_multi_output_regression()
    {
        var d = Ok(Csv.Read<double>("u,a,v,b\n1,2,3,4\n5,6,7,8\n", "m.csv", new CsvOptions { Targets = ["v", "u"] }));
        Assert.Equal(["a", "b"], d.FeatureNames.ToArray());
        Assert.Equal(["v", "u"], d.TargetNames.ToArray());
        Assert.Equal([3.0, 1, 7, 5], d.Targets.Data.ToArray());
        Assert.Contains("classification takes exactly one target column, got 2",
            CsvError("u,a,v\n1,2,3\n", new CsvOptions { Targets = ["v", "u"], Task = TaskKind.Classification }));
    }

    [Fact]
    public void No_targets_and_chosen_features_read_prediction_input()
    {
        var d = Ok(Csv.Read<double>("id,b,a,label\n7,1,2,x\n8,3,4,y\n", "p.csv",
            new CsvOptions { Targets = [], Features = ["a", "b"] }));
        Assert.Equal([2.0, 1, 4, 3], d.Features.Data.ToArray());
        Assert.Equal(0, d.Targets.Cols);
        Assert.Equal(2, d.Targets.Rows);
    }
}
