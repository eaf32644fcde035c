using Mlp.Data;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// What a file says comes back tamed: control characters escaped (a class name holding an
/// escape sequence cannot drive the terminal), each echoed string clipped (a 10 MB name makes a
/// short message), paths keeping their end.
/// </summary>
public class EchoExamples
{
    private const char Esc = '\u001b';

    [Fact]
    public void Echo_escapes_control_characters_and_clips()
    {
        Assert.Equal("a\\u001B[31mred\\u000A", Echo.Name($"a{Esc}[31mred\n"));
        Assert.Equal(new string('x', 80) + "…", Echo.Name(new string('x', 10_000_000)));
        Assert.Equal("…" + new string('d', 71) + "/file.csv", Echo.Path("/" + new string('d', 200) + "/file.csv"));
        Assert.Equal("\"a\", \"b\"", string.Join(", ", new[] { "a", "b" }.Select(Echo.Quote)));
        Assert.Equal("a, b, … (3 in all)", Echo.List(["a", "b", "c"], 2));
    }

    [Fact]
    public void A_class_name_with_an_escape_sequence_never_reaches_the_terminal_raw()
    {
        using var dir = new TempDir();
        var csv = dir.File("esc.csv");
        var evil = $"{Esc}]0;owned{Esc}\\{Esc}[2J";
        File.WriteAllText(csv, "x,y\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i % 5},{(i % 2 == 0 ? "plain" : evil)}")) + "\n");
        var trained = CliRun.Invoke("train", "--data", csv, "--epochs", "2", "--out", dir.File("m.json"));
        Assert.True(trained.Code == 0, trained.Err);
        Assert.DoesNotContain(Esc, trained.Out + trained.Err);
        Assert.Contains("\\u001B[2J", trained.Out); // in the confusion matrix, escaped

        File.WriteAllText(dir.File("new.csv"), $"x,y\n1,{Esc}[31mnew\n");
        var scored = CliRun.Invoke("evaluate", "--model", dir.File("m.json"), "--data", dir.File("new.csv"));
        Assert.Equal(2, scored.Code);
        Assert.DoesNotContain(Esc, scored.Out + scored.Err);
        Assert.Contains("unknown class \"\\u001B[31mnew\"", scored.Err);
    }

    [Fact]
    public void A_ten_megabyte_name_makes_a_short_message()
    {
        using var dir = new TempDir();
        var model = dir.File("m.json");
        var trained = CliRun.Invoke("train", "--data", "iris", "--epochs", "1", "--out", model, "--quiet");
        Assert.True(trained.Code == 0, trained.Err);
        var huge = new string('n', 10_000_000);
        File.WriteAllText(dir.File("wide.csv"), $"{huge},sepal_width,petal_length,petal_width\n1,2,3,4\n");
        var r = CliRun.Invoke("predict", "--model", model, "--data", dir.File("wide.csv"));
        Assert.Equal(2, r.Code);
        Assert.Contains("no column named \"sepal_length\"", r.Err);
        Assert.True(r.Err.Length < 2_000, $"{r.Err.Length} characters");

        var categories = CliRun.Invoke("train", "--data", dir.File("wide.csv"), "--target", "petal_width", "--max-categories", "1");
        Assert.True(categories.Err.Length < 2_000, $"{categories.Err.Length} characters");
    }

    [Fact]
    public void A_file_name_with_control_characters_is_escaped_in_messages()
    {
        using var dir = new TempDir();
        var name = dir.File($"bad{Esc}[2Jname.csv");
        File.WriteAllText(name, "a,b\n1,x\n");
        var r = CliRun.Invoke("train", "--data", name, "--impute", "none", "--task", "regression");
        Assert.Equal(2, r.Code);
        Assert.DoesNotContain(Esc, r.Err);
        Assert.Contains("bad\\u001B[2Jname.csv", r.Err);
    }
}
