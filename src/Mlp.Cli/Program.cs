using System.Text;
using Mlp.Cli;

// The only place that touches the real console: UTF-8 out (σ, δ, 中文), Ctrl-C → cancellation.
Console.OutputEncoding = Encoding.UTF8;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C asks the run to stop after the current batch; a second one kills it.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
return Cli.Run(args, new Terminal(Console.Out, Console.Error, !Console.IsOutputRedirected, cancel.Token));
