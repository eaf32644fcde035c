using System.Collections.Immutable;
using Mlp.Data;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>Targets decided from a table: the task and its reason, classes, dropped rows, errors.</summary>
public partial class TableExamples
{
    private static Targets<double> Decide(string text, string options = "", TaskKind task = TaskKind.Auto,
        ImmutableArray<string> classes = default) =>
        Data.Targets.Decide(Ok(Read(text, options)), task, classes)
            .Match(t => t, e => throw new Xunit.Sdk.XunitException($"expected targets, got: {e.Message}"));

    private static string DecideFails(string text, string options = "", TaskKind task = TaskKind.Auto,
        ImmutableArray<string> classes = default) =>
        DataExamples.Fails(Data.Targets.Decide(Ok(Read(text, options)), task, classes));

    private static readonly string Many = "x,y\n" + string.Concat(Enumerable.Range(0, 51).Select(i => $"{i},{i}\n"));

    [Theory]
    [InlineData("x,species\n1,setosa\n2,virginica\n3,versicolor\n", TaskKind.Auto, "classification: the target species holds text labels (3 classes)")]
    [InlineData("x,progression\n1,0.5\n2,3\n", TaskKind.Auto, "regression: the target progression holds numbers with fractions (such as 0.5)")]
    [InlineData("x,y\n1,0\n2,3\n3,7\n4,3\n", TaskKind.Auto, "classification: the target y holds 3 distinct whole numbers")]
    [InlineData("x,y\n1,0\n2,3\n", TaskKind.Regression, "regression: asked for")]
    [InlineData("x,y\n1,0.5\n2,3\n", TaskKind.Classification, "classification: asked for")]
    public void The_task_comes_with_its_reason(string text, TaskKind task, string reason) =>
        Assert.Equal(reason, Decide(text, task: task).Reason);

    [Fact]
    public void Many_whole_numbers_or_several_targets_make_a_regression()
    {
        Assert.Equal("regression: the target y holds 51 distinct whole numbers, more than 50 classes", Decide(Many).Reason);
        var two = Decide("u,a,v\n1,2,3\n4,5,6\n", "target=v|u");
        Assert.Equal(("regression: 2 target columns (v, u)", TaskKind.Regression), (two.Reason, two.Task));
        Assert.Equal([3.0, 1, 6, 4], two.Values.Data.ToArray());
        Assert.Equal("classification: the classes are given (3)", Decide("x,y\n1,b\n2,a\n", classes: ["a", "b", "c"]).Reason);
    }

    [Fact]
    public void Rows_with_a_missing_target_are_dropped_and_counted()
    {
        var t = Decide("a,y\n1,p\n2,\n3,q\n4,NA\n5,p\n");
        Assert.Equal([0, 2, 4], t.Rows.ToArray());
        Assert.Equal(2, t.Dropped);
        Assert.Equal(["p", "q"], t.Classes.ToArray());
        Assert.Equal([0, 1, 0], t.Labels.ToArray());
        Assert.Equal([1.0, 0, 0, 1, 1, 0], t.Values.Data.ToArray());
        var r = Decide("a,y,z\n1,2.5,1\n2,NA,2\n3,1,\n4,0,4\n", "target=y|z");
        Assert.Equal([0, 3], r.Rows.ToArray());
        Assert.Equal(2, r.Dropped);
        Assert.Equal([2.5, 1, 0, 4], r.Values.Data.ToArray());
    }

    [Fact]
    public void Classes_keep_their_text_and_sort_as_the_design_says()
    {
        var t = Decide("x,y\n1,10\n2,9\n3,1.0\n4,1\n", task: TaskKind.Classification);
        Assert.Equal(["1", "1.0", "9", "10"], t.Classes.ToArray());
        Assert.Equal([3, 2, 1, 0], t.Labels.ToArray());
    }

    [Theory]
    [InlineData("x,y\n1,p\n2,p\n", "", "m.csv: line 1, column 2 (y): every row (lines 2–3) has the class \"p\"; classification needs at least 2 classes")]
    [InlineData("x,y\n1,NA\n2,\n", "", "m.csv: line 1, column 2 (y): every row's target is missing; expected at least one row with a target")]
    [InlineData("x,y\n1,0.5\n2,oops\n", "", "m.csv: line 3, column 2 (y): expected a number, got \"oops\"")]
    [InlineData("x,y\n1,0.5\n2,1e999\n", "", "m.csv: line 3, column 2 (y): \"1e999\" is out of range for Double; expected a finite number")]
    [InlineData("x,y\n1,a\n2,b\n", "target=", "m.csv: the table has no target column; expected at least one")]
    public void Targets_that_cannot_be_learned_are_errors(string text, string options, string expected) =>
        Assert.Equal(expected, DecideFails(text, options));

    [Fact]
    public void A_label_outside_fixed_classes_names_its_line_and_column()
    {
        Assert.Equal("m.csv: line 4, column 2 (c): unknown class \"z\"; expected one of: x, y",
            DecideFails("a,c\n1,x\n2,\n3,z\n", classes: ["x", "y"]));
        Assert.Equal("m.csv: line 1: classification takes exactly one target column, got 2",
            DecideFails("u,a,v\n1,2,3\n", "target=v|u", TaskKind.Classification));
    }

    [Fact]
    public void A_table_of_a_data_set_gives_back_its_targets()
    {
        var iris = Mlp.Io.BuiltIn.Iris<double>();
        var t = Data.Targets.Decide(Table<double>.Of(iris), TaskKind.Auto).Match(x => x, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(iris.Classes.ToArray(), t.Classes.ToArray());
        Assert.Equal(iris.Labels.ToArray(), t.Labels.ToArray());
        Assert.Equal(iris.Targets, t.Values);
    }

    [Theory]
    [InlineData("a,y\n1,p\nred,q\n", "m.csv: line 3, column 1 (a): expected a number, got \"red\"; a data set holds numbers only (read a table, and a pipeline encodes text and missing values)")]
    [InlineData("a,y\nNA,p\n2,q\n", "m.csv: line 2, column 1 (a): expected a number, got \"NA\", a missing value; a data set holds numbers only")]
    [InlineData("x,y\n1,0.5\n2,\n3,oops\n", "m.csv: line 3, column 2 (y): expected a number, got an empty field")]
    [InlineData("x,y\n1,0.5\n2,oops\n3,\n", "m.csv: line 3, column 2 (y): expected a number, got \"oops\"")]
    [InlineData("x,y\n1,a\n2,\n3,b\n", "m.csv: line 3, column 2 (y): expected a class label, got an empty field")]
    public void A_data_set_of_numbers_takes_no_text_and_no_missing_cell(string text, string expected) =>
        Assert.StartsWith(expected, DataExamples.Fails(Csv.Read<double>(text, "m.csv")));

    [Fact]
    public void A_data_set_reads_missing_words_among_labels_as_labels()
    {
        var d = DataExamples.Ok(Csv.Read<double>("x,y\n1,NA\n2,b\n3,NA\n", "m.csv"));
        Assert.Equal(["NA", "b"], d.Classes.ToArray());
        Assert.Equal([0, 1, 0], d.Labels.ToArray());
    }
}
