using Mlp.Io;
using Mlp.Model;
using Mlp.Pipeline;
using Xunit;

namespace Mlp.Tests.Examples;

/// <summary>
/// Saving (issue 11, items 2 and 4): the temporary file of a killed save is removed by the next
/// save to the same path, and a live one is left alone.
/// </summary>
public class SaveExamples
{
    [Fact]
    public void A_save_removes_the_temporary_files_of_killed_saves_and_leaves_a_live_one()
    {
        using var dir = new TempDir();
        var path = dir.File("m.json");
        var killed = dir.File(".m.json.mlp-tmp-abcd1234");       // what a save killed before its rename leaves
        var live = dir.File(".m.json.mlp-tmp-live0000");          // a save still writing holds its file locked
        var other = dir.File(".other.json.mlp-tmp-abcd1234");     // another file's: not this save's to remove
        var notOurs = dir.File(".m.json.mlp-tmp-notes.txt");      // not the pattern: someone's own file
        foreach (var f in new[] { killed, live, other, notOurs }) File.WriteAllBytes(f, new byte[1 << 20]);
        var model = new TrainedModel<float>(Init.Network<float>([2, 3, 1], Activation.Tanh, Activation.Sigmoid, Initializer.XavierUniform, 1),
            Losses.Loss.BinaryCrossEntropy, ["a", "b"], null, null);

        using (new FileStream(live, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            Assert.True(ModelFile.Save(path, model).IsSucc);

        Assert.False(File.Exists(killed));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.True(File.Exists(notOurs));
        Assert.True(ModelFile.Load<float>(path).IsSucc);
    }
}
