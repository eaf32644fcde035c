namespace Mlp.Tensors;

/// <summary>
/// An immutable random-number state (xoshiro256**, seeded through SplitMix64). Every draw
/// returns the next state, so randomness is a value that is passed along, as JAX keys are:
/// the same seed always gives the same numbers, on any machine and thread count.
/// </summary>
public readonly record struct Rng(ulong S0, ulong S1, ulong S2, ulong S3)
{
    /// <summary>A state derived from a seed.</summary>
    public static Rng FromSeed(long seed)
    {
        var x = (ulong)seed;
        return new Rng(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
    }

    /// <summary>The next 64 random bits and the state after them.</summary>
    public (ulong Value, Rng Next) NextUInt64()
    {
        var s = new Sampler(this);
        var v = s.NextUInt64();
        return (v, s.State);
    }

    /// <summary>A uniform double in <c>[0, 1)</c> and the next state.</summary>
    public (double Value, Rng Next) NextDouble()
    {
        var s = new Sampler(this);
        var v = s.NextDouble();
        return (v, s.State);
    }

    /// <summary>
    /// Two independent states: one to hand to a sub-computation, one to keep going with.
    /// </summary>
    public (Rng Left, Rng Right) Split()
    {
        var (a, next) = NextUInt64();
        var (b, _) = next.NextUInt64();
        return (FromSeed((long)a), FromSeed((long)b));
    }

    /// <summary>A uniformly shuffled permutation of <c>0 … n−1</c> (Fisher–Yates) and the next state.</summary>
    public (int[] Permutation, Rng Next) Permutation(int n)
    {
        var s = new Sampler(this);
        var p = new int[n];
        for (var i = 0; i < n; i++) p[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = s.NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return (p, s.State);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// A mutable cursor over an <see cref="Rng"/>, for use inside one function only (it never
/// escapes): draw many numbers fast, then hand back <see cref="State"/>.
/// </summary>
public struct Sampler(Rng start)
{
    private ulong s0 = start.S0, s1 = start.S1, s2 = start.S2, s3 = start.S3;
    private double spare = double.NaN;

    /// <summary>The state after the numbers drawn so far.</summary>
    public readonly Rng State => new(s0, s1, s2, s3);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform double in <c>[0, 1)</c> from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in <c>[0, n)</c> (Lemire's unbiased method).</summary>
    public int NextInt(int n)
    {
        var bound = (ulong)n;
        var threshold = (0 - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            var product = Math.BigMul(r, bound, out var low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>A uniform double in <c>[−limit, limit)</c>.</summary>
    public double Uniform(double limit) => (2 * NextDouble() - 1) * limit;

    /// <summary>A standard normal draw (Box–Muller; the second value is kept for the next call).</summary>
    public double Normal()
    {
        if (!double.IsNaN(spare)) { var v = spare; spare = double.NaN; return v; }
        double u1;
        do u1 = NextDouble(); while (u1 == 0);
        var u2 = NextDouble();
        var r = Math.Sqrt(-2 * Math.Log(u1));
        spare = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }
}
