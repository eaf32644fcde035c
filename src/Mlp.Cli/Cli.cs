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
