using System.Globalization;
using Mlp.Model;

namespace Mlp.Cli;

/// <summary>
/// The seed's names for the quantities of a network, extended to any shape: layer <c>l</c>
/// (1-based) has pre-activations <c>zj(l)</c>, hidden outputs <c>hj</c>, outputs <c>y</c>,
/// weights <c>wjk(l)</c> (unit j, input k), biases <c>bj(l)</c> and deltas <c>δj(l)</c>; a
/// layer of one unit drops the unit index (<c>z(2)</c>, <c>w1(2)</c>, <c>b(2)</c>, <c>δ(2)</c>).
/// And the seed's ways of writing numbers.
/// </summary>
public sealed class Notation(Network<double> net)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private int Layers => net.Layers.Length;
    private int Units(int l) => net.Layers[l - 1].Out;
    private string Unit(int l, int j) => Units(l) == 1 ? "" : j.ToString(Inv);

    /// <summary>Input <c>xk</c>.</summary>
    public static string X(int k) => $"x{k}";
    /// <summary>Pre-activation of unit j of layer l.</summary>
    public string Z(int l, int j) => $"z{Unit(l, j)}({l})";
    /// <summary>Output of unit j of layer l: <c>y</c> on the last layer, <c>hj</c> (one hidden layer) or <c>hj(l)</c>.</summary>
    public string A(int l, int j) =>
        l == Layers ? (Units(l) == 1 ? "y" : $"y{j}") : Layers == 2 ? $"h{j}" : $"h{j}({l})";
    /// <summary>The input k of layer l: <c>xk</c> or the output of layer l − 1.</summary>
    public string In(int l, int k) => l == 1 ? X(k) : A(l - 1, k);
    /// <summary>Weight from input k to unit j of layer l.</summary>
    public string W(int l, int j, int k) =>
        Units(l) == 1 ? $"w{k}({l})" : j > 9 || k > 9 ? $"w{j},{k}({l})" : $"w{j}{k}({l})";
    /// <summary>Bias of unit j of layer l.</summary>
    public string B(int l, int j) => $"b{Unit(l, j)}({l})";
    /// <summary>Delta <c>∂L/∂z</c> of unit j of layer l.</summary>
    public string Delta(int l, int j) => $"δ{Unit(l, j)}({l})";
    /// <summary>Target of output unit j.</summary>
    public string T(int j) => net.Outputs == 1 ? "t" : $"t{j}";

    /// <summary>
    /// A computed value, three decimals as the seed prints them: <c>0.690</c>, <c>-0.300</c>;
    /// from a million up in scientific notation (<c>1.020e+29</c>); infinities and NaN by name.
    /// </summary>
    public static string V(double v) => Format(v, "0.000");
    /// <summary>A given parameter, as the seed writes weights: <c>0.5</c>, <c>1.0</c>, <c>-0.2</c> (large ones as <see cref="V"/>).</summary>
    public static string P(double v) => Format(v, "0.0##");
    /// <summary>A sample value or setting, shortest: <c>1</c>, <c>0</c>, <c>0.5</c> (large ones as <see cref="V"/>).</summary>
    public static string S(double v) => Format(v, "0.###");

    /// <summary>Whether <paramref name="v"/> prints in the seed's plain decimals (finite, under a million).</summary>
    public static bool Plain(double v) => double.IsFinite(v) && Math.Abs(v) < Large;

    // Past this, plain decimals run to dozens of digits: 1e30 would print 31 of them.
    private const double Large = 1e6;

    private static string Format(double v, string plain) =>
        double.IsNaN(v) ? "NaN"
        : double.IsPositiveInfinity(v) ? "∞"
        : double.IsNegativeInfinity(v) ? "-∞"
        : Math.Abs(v) >= Large ? v.ToString("0.000e+00", Inv)
        : Clean(v.ToString(plain, Inv));
    /// <summary>A number inside a sum or product: negative ones in parentheses, <c>(-0.2)</c>.</summary>
    public static string Paren(string number) => number.StartsWith('-') ? $"({number})" : number;

    // "-0.000" reads as a sign error; a value that rounds to zero is printed as zero.
    private static string Clean(string s) => s.StartsWith('-') && s.Trim('-', '0', '.').Length == 0 ? s[1..] : s;
}
