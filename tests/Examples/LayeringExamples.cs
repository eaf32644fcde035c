using System.Reflection;
using NetArchTest.Rules;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// The library's namespaces run one way (DESIGN.md): each uses only those before it, so no two
/// use each other, and only Io touches the file system. Read from the compiled assembly's type
/// references (NetArchTest over Mono.Cecil: signatures, fields, method bodies, generic arguments).
/// </summary>
public class LayeringExamples
{
    /// <summary>The layers, lowest first.</summary>
    public static readonly string[] Layers =
    [
        "Mlp.Tensors", "Mlp.Model", "Mlp.Losses", "Mlp.Optim", "Mlp.Training", "Mlp.Data", "Mlp.Pipeline", "Mlp.Serialization", "Mlp.Io",
    ];

    private static readonly Assembly Library = typeof(Mlp.Tensors.Matrix<>).Assembly;

    public static TheoryData<string> EveryLayer => [.. Layers];

    [Theory]
    [MemberData(nameof(EveryLayer))]
    public void A_layer_uses_no_layer_after_it(string layer)
    {
        var later = Layers.SkipWhile(l => l != layer).Skip(1).Append("Mlp.Cli").ToArray();
        var result = Types.InAssembly(Library).That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny(later).GetResult();
        var allowed = Layers.TakeWhile(l => l != layer).ToList();
        Assert.True(result.IsSuccessful,
            $"{layer} may use {(allowed.Count == 0 ? "no other layer" : "only " + string.Join(", ", allowed))}, but these types " +
            $"use a later layer ({string.Join(", ", later)}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Every_type_of_the_library_is_in_a_layer()
    {
        var outside = Library.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith("Mlp", StringComparison.Ordinal))
            .Where(t => !Layers.Any(l => t.Namespace == l || t.Namespace!.StartsWith(l + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName).ToList();
        Assert.True(outside.Count == 0, $"types outside the layers: {string.Join(", ", outside)}");
    }

    [Fact]
    public void Only_Io_uses_System_IO()
    {
        var result = Types.InAssembly(Library).That().ResideInNamespaceStartingWith("Mlp").And().DoNotResideInNamespace("Mlp.Io")
            .ShouldNot().HaveDependencyOn("System.IO").GetResult();
        Assert.True(result.IsSuccessful, $"System.IO outside Mlp.Io: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
