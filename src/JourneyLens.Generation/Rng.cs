namespace JourneyLens.Generation;

/// <summary>
/// xoshiro256** seeded through SplitMix64: fast, and the same numbers on every platform and .NET version (which
/// <see cref="Random"/> does not promise), so a seed always gives byte-identical data. One stream per customer lets
/// customers be generated in parallel without changing the output.
/// </summary>
internal struct Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed, ulong stream)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => Uniform() < p;

    /// <summary>Uniform integer in [min, max].</summary>
    public int Between(int min, int max) => min + (int)((Next() >> 33) % (ulong)(max - min + 1));

    /// <summary>Standard normal by Box–Muller.</summary>
    public double Normal()
    {
        var u1 = 1.0 - Uniform();
        var u2 = Uniform();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Exponential with the given mean: waiting times between steps.</summary>
    public double Exponential(double mean) => -mean * Math.Log(1.0 - Uniform());

    public T Pick<T>(ReadOnlySpan<T> items) => items[Between(0, items.Length - 1)];

    /// <summary>An index drawn with the given weights.</summary>
    public int Weighted(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var x = Uniform() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
