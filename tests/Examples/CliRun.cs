using Mlp.Cli;

namespace Mlp.Tests.Examples;

/// <summary>Runs <c>mlp</c> in-process and captures what it printed.</summary>
internal static class CliRun
{
    public sealed record Result(int Code, string Out, string Err);

    public static Result Invoke(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Cli.Cli.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A fresh empty directory, deleted afterwards: where a run may (or must not) write.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mlp-cli-test-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public string[] Files() => Directory.GetFileSystemEntries(Path);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
