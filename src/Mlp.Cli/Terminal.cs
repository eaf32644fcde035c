using Spectre.Console;

namespace Mlp.Cli;

/// <summary>
/// Where a command writes and what it may assume about the screen: the two writers, whether
/// the output is an interactive terminal (live progress) or redirected (plain lines), and a
/// token that Ctrl-C cancels. Tests pass <see cref="StringWriter"/>s; only Program.cs touches
/// <see cref="System.Console"/>.
/// </summary>
public sealed record Terminal(TextWriter Out, TextWriter Err, bool Interactive, CancellationToken Cancel)
{
    /// <summary>A non-interactive terminal over two writers, never cancelled (for tests and pipes).</summary>
    public static Terminal Plain(TextWriter stdout, TextWriter stderr) => new(stdout, stderr, false, CancellationToken.None);

    /// <summary>
    /// A Spectre console over <see cref="Out"/>: colours and live widgets only when interactive, and
    /// tables cut to its width without splitting a number (<see cref="NarrowTables"/>).
    /// </summary>
    public IAnsiConsole Console { get; } = new NarrowConsole(Create(Out, Interactive));

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // A file or pipe has no width; 80 columns would squeeze a 10-class confusion matrix.
        if (!interactive) console.Profile.Width = 160;
        return console;
    }

    /// <summary>
    /// Writes a usage or input error: one line per problem, prefixed <c>mlp:</c>, with control
    /// characters escaped (a message quotes files, and nothing in a file may drive the terminal).
    /// </summary>
    public void Problem(string message) => Err.WriteLine($"mlp: {Data.Echo.Escape(message)}");
}
