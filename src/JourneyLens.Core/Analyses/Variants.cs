using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Analyses;

/// <summary>One distinct full touchpoint sequence: how many journeys follow it, their share, mean duration and mean NPS answer.</summary>
public sealed record Variant(IReadOnlyList<string> Sequence, long Count, double Share, double MeanDurationSeconds, double? MeanNps);

public sealed record VariantsResult(long Total, long Distinct, IReadOnlyList<Variant> Variants);

/// <summary>Variants as pm4py's get_variants defines them: each journey's whole sequence of touchpoints, repeats kept.</summary>
public static class Variants
{
    /// <param name="top">How many variants to list (the most common first); all are counted.</param>
    public static VariantsResult Compute(JourneyEngine engine, int top = int.MaxValue)
    {
        var ev = engine.Events;
        var js = engine.Journeys;
        var groups = new Dictionary<SequenceKey, Accumulator>();
        for (var j = 0; j < js.Count; j++)
        {
            var key = new SequenceKey(ev.Touchpoint, js.JourneyStart[j], js.JourneyStart[j + 1]);
            if (!groups.TryGetValue(key, out var acc))
            {
                acc = new Accumulator();
                groups[key] = acc;
            }

            acc.Count++;
            acc.DurationSeconds += (ev.TimestampMs[js.JourneyStart[j + 1] - 1] - ev.TimestampMs[js.JourneyStart[j]]) / 1000.0;
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] == ScoreType.Nps)
                {
                    acc.NpsSum += ev.Score[i];
                    acc.NpsCount++;
                }
            }
        }

        var total = (long)js.Count;
        var list = groups
            .OrderByDescending(g => g.Value.Count)
            .ThenBy(g => string.Join('\u001f', g.Key.Names(ev.TouchpointNames)), StringComparer.Ordinal)
            .Take(top)
            .Select(g => new Variant(g.Key.Names(ev.TouchpointNames), g.Value.Count, (double)g.Value.Count / total, g.Value.DurationSeconds / g.Value.Count,
                g.Value.NpsCount == 0 ? null : g.Value.NpsSum / g.Value.NpsCount))
            .ToList();
        return new VariantsResult(total, groups.Count, list);
    }

    private sealed class Accumulator
    {
        public long Count;
        public double DurationSeconds;
        public double NpsSum;
        public long NpsCount;
    }

    /// <summary>A journey's touchpoint codes, compared by content without copying them.</summary>
    private readonly struct SequenceKey(int[] touchpoints, int from, int to) : IEquatable<SequenceKey>
    {
        private readonly int[] _touchpoints = touchpoints;
        private readonly int _from = from, _to = to;

        private ReadOnlySpan<int> Span => _touchpoints.AsSpan(_from, _to - _from);

        public bool Equals(SequenceKey other) => Span.SequenceEqual(other.Span);

        public override bool Equals(object? obj) => obj is SequenceKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Span));
            return hash.ToHashCode();
        }

        public string[] Names(string[] names)
        {
            var result = new string[_to - _from];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = names[_touchpoints[_from + i]];
            }

            return result;
        }
    }
}
