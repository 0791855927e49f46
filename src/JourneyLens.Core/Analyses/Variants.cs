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
        var parts = Chunks.Run(js.Count, Chunks.Count(js.Count, 50_000, Environment.ProcessorCount * 4), (_, first, last) => Count(ev, js, first, last));
        var groups = parts[0];
        foreach (var part in parts.Skip(1))
        {
            foreach (var (sequence, acc) in part)
            {
                if (groups.TryGetValue(sequence, out var into))
                {
                    into.Add(acc);
                }
                else
                {
                    groups[sequence] = acc;
                }
            }
        }

        var total = (long)js.Count;
        var list = groups
            .OrderByDescending(g => g.Value.Count)
            .ThenBy(g => string.Join('\u001f', Names(g.Key, ev.TouchpointNames)), StringComparer.Ordinal)
            .Take(top)
            .Select(g => new Variant(Names(g.Key, ev.TouchpointNames), g.Value.Count, (double)g.Value.Count / total, g.Value.DurationMs / 1000.0 / g.Value.Count,
                g.Value.NpsCount == 0 ? null : g.Value.NpsSum / g.Value.NpsCount))
            .ToList();
        return new VariantsResult(total, groups.Count, list);
    }

    /// <summary>The variants of journeys [from, to): one thread's share.</summary>
    private static Dictionary<int[], Accumulator> Count(EventTable ev, JourneyIndex js, int from, int to)
    {
        var groups = new Dictionary<int[], Accumulator>(SequenceComparer.Instance);
        var lookup = groups.GetAlternateLookup<ReadOnlySpan<int>>();
        for (var j = from; j < to; j++)
        {
            var sequence = ev.Touchpoint.AsSpan(js.JourneyStart[j], js.JourneyStart[j + 1] - js.JourneyStart[j]);
            if (!lookup.TryGetValue(sequence, out var acc))
            {
                acc = new Accumulator();
                lookup[sequence] = acc;
            }

            acc.Count++;
            acc.DurationMs += ev.TimestampMs[js.JourneyStart[j + 1] - 1] - ev.TimestampMs[js.JourneyStart[j]];
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] == ScoreType.Nps)
                {
                    acc.NpsSum += ev.Score[i];
                    acc.NpsCount++;
                }
            }
        }

        return groups;
    }

    private sealed class Accumulator
    {
        public long Count;
        /// <summary>Whole milliseconds: an exact sum, the same however the journeys are split over threads or shards.</summary>
        public long DurationMs;
        public double NpsSum;
        public long NpsCount;

        public void Add(Accumulator other)
        {
            Count += other.Count;
            DurationMs += other.DurationMs;
            NpsSum += other.NpsSum;
            NpsCount += other.NpsCount;
        }
    }

    private static string[] Names(int[] codes, string[] names) => Array.ConvertAll(codes, c => names[c]);
}
