using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Experience;

/// <summary>
/// The figures a metric is made of, from whichever backend holds the events (the in-memory engine, a cluster):
/// <see cref="Metric"/> parses, checks and finishes them in one place, so every backend measures alike.
/// </summary>
public interface IMetricSource
{
    /// <summary>The touchpoint names in the engine's order: the codes the other members take.</summary>
    string[] TouchpointNames { get; }

    /// <summary>The answers of one score type, about one subject (a touchpoint code) or all.</summary>
    ScoreAccumulator Answers(ScoreType type, int? subject);

    SwitchingResult Switching(SwitchingRequest request);

    /// <summary>Journeys that meet a touchpoint of <paramref name="from"/> (all journeys when null), and of those the ones that meet <paramref name="to"/> at or after it.</summary>
    (long Hits, long N) Conversion(IReadOnlySet<int>? from, IReadOnlySet<int> to);

    /// <summary>Each journey's duration in seconds (last event − first), in any order.</summary>
    double[] JourneyDurations();
}

/// <summary>The metric figures of the in-memory engine: one pass over its journeys each.</summary>
public sealed class EngineMetricSource(JourneyEngine engine) : IMetricSource
{
    public string[] TouchpointNames => engine.Events.TouchpointNames;

    public ScoreAccumulator Answers(ScoreType type, int? subject)
    {
        var acc = new ScoreAccumulator(type);
        foreach (var a in Experience.Answers.Collect(engine))
        {
            if (a.Type == type && (subject is null || a.Subject == subject))
            {
                acc.Add(a.Score);
            }
        }

        return acc;
    }

    public SwitchingResult Switching(SwitchingRequest request) => Experience.Switching.Compute(engine, request);

    public (long Hits, long N) Conversion(IReadOnlySet<int>? from, IReadOnlySet<int> to)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        long n = 0, hits = 0;
        for (var j = 0; j < js.Count; j++)
        {
            var started = from is null;
            var reached = false;
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1] && !reached; i++)
            {
                started |= from?.Contains(ev.Touchpoint[i]) == true;
                reached = started && to.Contains(ev.Touchpoint[i]);
            }

            n += started ? 1 : 0;
            hits += reached ? 1 : 0;
        }

        return (hits, n);
    }

    public double[] JourneyDurations()
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var all = new double[js.Count];
        for (var j = 0; j < js.Count; j++)
        {
            all[j] = (ev.TimestampMs[js.JourneyStart[j + 1] - 1] - ev.TimestampMs[js.JourneyStart[j]]) / 1000.0;
        }

        return all;
    }
}
