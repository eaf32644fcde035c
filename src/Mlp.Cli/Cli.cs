using System.CommandLine;

namespace Mlp.Cli;

/// <summary>
/// The <c>mlp</c> tool as a function: arguments and two writers in, an exit code out
/// (0 success, 2 bad usage or input, 1 a failure while running). Tests call it in-process.
/// </summary>
public static class Cli
{
    /// <summary>Exit code: success.</summary>
    public const int Ok = 0;
    /// <summary>Exit code: a failure while running (for example the loss became NaN).</summary>
    public const int Failure = 1;
    /// <summary>Exit code: bad usage or bad input; nothing was written.</summary>
    public const int Usage = 2;
    /// <summary>Exit code: interrupted (Ctrl-C) before anything worth saving; nothing was written.</summary>
    public const int Interrupted = 130;

    /// <summary>Runs <c>mlp</c> with <paramref name="args"/> on plain (non-interactive) writers.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, Terminal.Plain(stdout, stderr));

    /// <summary>Runs <c>mlp</c> with <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, Terminal terminal)
    {
        try
        {
            var root = Root(terminal);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
                return UsageErrors(terminal, parse.Errors.Select(e => e.Message).Distinct(), CommandPath(parse));
            return parse.Invoke(new InvocationConfiguration
            {
                Output = terminal.Out,
                Error = terminal.Err,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e)
        {
            // A bug, not a user error: one line, and the way to see more.
            terminal.Err.WriteLine(Environment.GetEnvironmentVariable("MLP_DEBUG") == "1"
                ? $"mlp: internal error: {e}"
                : $"mlp: internal error: {e.GetType().Name}: {e.Message} (set MLP_DEBUG=1 for the stack trace)");
            return Failure;
        }
    }

    /// <summary>Prints each problem on its own line, then where to read the usage; returns <see cref="Usage"/>.</summary>
    public static int UsageErrors(Terminal terminal, IEnumerable<string> problems, string command)
    {
        foreach (var p in problems) terminal.Problem(p);
        terminal.Err.WriteLine($"see '{command} --help'");
        return Usage;
    }

    /// <summary>
    /// A command whose options are read as text (<paramref name="valued"/>, each with its
    /// placeholder and help) and as switches, all checked at once by <paramref name="validate"/>
    /// (given an option's text, <c>null</c> when absent, and whether a switch is set); the checked
    /// options go to <paramref name="run"/>, every problem to <see cref="UsageErrors"/>.
    /// </summary>
    public static Command Command<TOptions>(Terminal terminal, string name, string description,
        IEnumerable<(string Name, string Value, string Help)> valued, IEnumerable<(string Name, string Help)> switches,
        Func<Func<string, string?>, Func<string, bool>, LanguageExt.Validation<LanguageExt.Common.Error, TOptions>> validate,
        Func<TOptions, int> run)
    {
        var command = new Command(name, description);
        foreach (var (option, value, help) in valued) command.Add(new Option<string>(option) { HelpName = value, Description = help });
        foreach (var (option, help) in switches) command.Add(new Option<bool>(option) { Description = help });
        command.SetAction(parse => validate(o => parse.GetValue<string>(o), o => parse.GetValue<bool>(o)).Match(
            Succ: run,
            Fail: errors => UsageErrors(terminal, errors.Select(e => e.Message), $"mlp {name}")));
        return command;
    }

    private static RootCommand Root(Terminal terminal)
    {
        var root = new RootCommand("mlp: multilayer perceptrons trained with backpropagation")
        {
            TrainCommand.Create(terminal),
            PredictCommand.Create(terminal),
            EvaluateCommand.Create(terminal),
            WalkthroughCommand.Create(terminal),
            GradcheckCommand.Create(terminal),
            Bench.BenchCommand.Create(terminal),
        };
        // `mlp` alone shows the commands rather than an error.
        root.SetAction(parse => parse.RootCommandResult.Command.Parse(["--help"]).Invoke(parse.InvocationConfiguration));
        return root;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command is RootCommand ? "mlp" : r.Command.Name);
        return string.Join(" ", names);
    }
}
