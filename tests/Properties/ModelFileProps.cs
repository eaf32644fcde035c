using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Xunit;
using LanguageExt;
using Mlp.Io;
using Mlp.Model;
using Mlp.Pipeline;
using Mlp.Serialization;
using Mlp.Tensors;
using Mlp.Training;
using Xunit;

namespace Mlp.Tests.Properties;

/// <summary>
/// The model file <c>mlp/1</c>: save → load is the identity bit for bit, in float and in
/// double, and no input (random bytes, or a valid file damaged in any way) makes the loader
/// do anything but load a model or name the problem with a JSON path.
/// </summary>
public sealed class ModelFileProps : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mlp-modelfile-props-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Property(MaxTest = 100)]
    public void Save_then_load_gives_the_same_float_model(NonNegativeInt depth, NonNegativeInt width, int seed) =>
        RoundTrip(RandomModels.Build<float>(seed, 1 + depth.Get % 4, 1 + width.Get % 7));

    [Property(MaxTest = 100)]
    public void Save_then_load_gives_the_same_double_model(NonNegativeInt depth, NonNegativeInt width, int seed) =>
        RoundTrip(RandomModels.Build<double>(seed, 1 + depth.Get % 4, 1 + width.Get % 7));

    private void RoundTrip<T>(TrainedModel<T> model) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var path = Path.Combine(dir, "model.json");
        Assert.True(ModelFile.Save(path, model).IsSucc, Message(ModelFile.Save(path, model)));
        var loaded = ModelFile.Load<T>(path);
        var back = loaded.Match(m => m, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.True(RandomModels.SameBits(model, back), $"{model.Network} came back different");
        // the text is canonical: saving what was loaded writes the same bytes
        Assert.Equal(File.ReadAllBytes(path), ModelJson.Serialize(back).Match(b => b, _ => []));
        Assert.Equal([Path.Combine(dir, "model.json")], Directory.GetFiles(dir)); // no temporary file left behind
    }

    [Property(MaxTest = 100)]
    public void Arbitrary_bytes_give_an_error_with_a_path(byte[] bytes)
    {
        AssertLoadsOrNamesAPath(bytes);
        Assert.True(ModelJson.Parse<float>(bytes).IsFail);
    }

    [Property(MaxTest = 100)]
    public void Json_like_noise_gives_an_error_with_a_path(int seed, NonNegativeInt length)
    {
        const string alphabet = "{}[],:\" 0123456789-+.eE\\ntrufalsnul\"format\"mlp/1\"layers\"";
        var s = new Sampler(Rng.FromSeed(seed));
        var text = new char[length.Get % 200];
        for (var i = 0; i < text.Length; i++) text[i] = alphabet[s.NextInt(alphabet.Length)];
        AssertLoadsOrNamesAPath(Encoding.UTF8.GetBytes(text));
        Assert.True(ModelJson.Parse<double>(Encoding.UTF8.GetBytes(text)).IsFail);
    }

    [Property(MaxTest = 100)]
    public void Damaged_files_load_or_name_the_problem(NonNegativeInt depth, NonNegativeInt width, int seed, PositiveInt damage)
    {
        var model = RandomModels.Build<float>(seed, 1 + depth.Get % 3, 1 + width.Get % 5);
        var text = Encoding.UTF8.GetString(ModelJson.Serialize(model).Match(b => b, e => throw new Xunit.Sdk.XunitException(e.Message)));
        var s = new Sampler(Rng.FromSeed(seed ^ 0x5EED));
        for (var k = 0; k <= damage.Get % 3; k++) text = Mutate(text, ref s);
        AssertLoadsOrNamesAPath(Encoding.UTF8.GetBytes(text));
        var flipped = Encoding.UTF8.GetBytes(text);
        flipped[s.NextInt(flipped.Length)] ^= (byte)(1 << s.NextInt(8)); // and a raw bit flip, which may break UTF-8
        AssertLoadsOrNamesAPath(flipped);
    }

    // Either a model that can be saved again, or an error that starts with a JSON path.
    private static void AssertLoadsOrNamesAPath(byte[] bytes)
    {
        foreach (var message in new[] { Outcome(ModelJson.Parse<float>(bytes)), Outcome(ModelJson.Parse<double>(bytes)) })
            Assert.True(message == "" || (message.StartsWith('$') && message.Contains(": ") && !message.Contains(ModelJson.Unexpected)), message);
    }

    private static string Outcome<T>(Fin<TrainedModel<T>> loaded) where T : System.Numerics.IFloatingPointIeee754<T> =>
        loaded.Match(m => ModelJson.Serialize(m).IsSucc ? "" : "a loaded model could not be saved again", e => e.Message);

    private static string Message<T>(Fin<T> fin) => fin.Match(_ => "", e => e.Message);

    private static readonly Regex NumberToken = new(@"-?\d[\d.eE+\-]*");
    private static readonly Regex SimpleProperty = new("\"\\w+\": (\"[^\"]*\"|-?[\\d.eE+\\-]+|null|\\[[^\\[\\]]*\\])(,\\s*)?");
    private static readonly Regex RowElement = new(@", -?[\d.eE+\-]+");
    private static readonly Regex Row = new(@"\[[^\[\]]*\]");

    private static string Mutate(string text, ref Sampler s)
    {
        switch (s.NextInt(8))
        {
            case 0: // delete a few characters
                var at = s.NextInt(text.Length);
                return text.Remove(at, Math.Min(text.Length - at, 1 + s.NextInt(8)));
            case 1: // insert JSON punctuation or digits
                const string noise = "{}[],:\"-0123456789.eE ntf\\";
                return text.Insert(s.NextInt(text.Length + 1), noise[s.NextInt(noise.Length)].ToString());
            case 2: return Replace(NumberToken, text, ref s, _ => "\"abc\"");
            case 3:
                string[] numbers = ["1e400", "-1e400", "0", "-0", "1.5", "2", "7", "99999999999", "1E-46", "-3"];
                var number = numbers[s.NextInt(numbers.Length)];
                return Replace(NumberToken, text, ref s, _ => number);
            case 4: return Replace(SimpleProperty, text, ref s, _ => ""); // remove a field
            case 5: return Replace(RowElement, text, ref s, _ => "");     // shorten a row
            case 6: return Replace(Row, text, ref s, m => $"{m.Value}, {m.Value}"); // one row too many
            default:
                string[] names = ["\"relu\"", "\"softmax\"", "\"sigmoid\"", "\"swish\"", "\"mse\"", "\"cross-entropy\"", "null", "[]", "{}"];
                var name = names[s.NextInt(names.Length)];
                return Replace(new Regex("\"[a-z-]+\"(?=[,\\s}])"), text, ref s, _ => name);
        }
    }

    private static string Replace(Regex pattern, string text, ref Sampler s, Func<Match, string> with)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0) return text;
        var m = matches[s.NextInt(matches.Count)];
        return text[..m.Index] + with(m) + text[(m.Index + m.Length)..];
    }
}
