using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Experience;

/// <summary>A task: started at any of <see cref="Start"/>, completed at any of <see cref="Done"/> within the window.</summary>
public sealed record ConsistencyRequest(IReadOnlyList<string> Start, IReadOnlyList<string> Done, TimeSpan Window, ChannelClasses Channels, int MinAnswers = Scores.DefaultMinAnswers);

/// <summary>One channel's figures for the task, each compared with all other channels together (B = this channel, A = the rest).</summary>
public sealed record ChannelConsistency(
    string Channel,
    long Attempts,
    Estimate Completion,
    Difference CompletionVsRest,
    double? MedianSecondsToCompletion,
    Difference TimeVsRest,
    IReadOnlyList<ScoreFigure> Scores,
    Estimate RepeatContact,
    Difference RepeatContactVsRest);

public sealed record ConsistencyResult(string Task, IReadOnlyList<ChannelConsistency> Channels);

/// <summary>
/// Omnichannel consistency (docs/experience.md): the same task per channel. Each journey's first start event opens an attempt on
/// its channel; it is complete when a done event follows within the window. Time is start to done; scores are the
/// answers in the journey about the start or done touchpoints; repeat contact is an assisted contact within the
/// window after the start. Each channel is tested against the others: proportions by z-test, times by Mann–Whitney.
/// </summary>
public static class Consistency
{
    public static ConsistencyResult Compute(JourneyEngine engine, ConsistencyRequest request)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var start = TouchpointLookup.Codes(ev.TouchpointNames, request.Start, "task");
        var done = TouchpointLookup.Codes(ev.TouchpointNames, request.Done, "task");
        var windowMs = (long)request.Window.TotalMilliseconds;
        var assisted = ev.ChannelNames.Select(c => request.Channels.Assisted.Contains(c)).ToArray();
        var outbound = ev.TouchpointNames.Select(t => request.Channels.Outbound.Contains(t)).ToArray();
        var per = new Dictionary<int, Tally>();
        for (var j = 0; j < js.Count; j++)
        {
            var first = -1;
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1] && first < 0; i++)
            {
                first = ev.ScoreType[i] == ScoreType.None && start.Contains(ev.Touchpoint[i]) ? i : -1;
            }

            if (first < 0)
            {
                continue;
            }

            var tally = per.TryGetValue(ev.Channel[first], out var t) ? t : per[ev.Channel[first]] = new Tally();
            tally.Attempts++;
            bool completed = false, contacted = false;
            for (var i = first + 1; i < js.JourneyStart[j + 1]; i++)
            {
                var inWindow = ev.TimestampMs[i] - ev.TimestampMs[first] <= windowMs;
                if (ev.ScoreType[i] != ScoreType.None)
                {
                    var about = ev.About[i];
                    if (about != EventTable.NoAbout && (start.Contains(about) || done.Contains(about)))
                    {
                        (tally.Scores.TryGetValue(ev.ScoreType[i], out var acc) ? acc : tally.Scores[ev.ScoreType[i]] = new ScoreAccumulator(ev.ScoreType[i])).Add(ev.Score[i]);
                    }

                    continue;
                }

                if (!completed && inWindow && done.Contains(ev.Touchpoint[i]))
                {
                    completed = true;
                    tally.Times.Add((ev.TimestampMs[i] - ev.TimestampMs[first]) / 1000.0);
                }

                contacted |= inWindow && assisted[ev.Channel[i]] && !outbound[ev.Touchpoint[i]];
            }

            tally.Completed += completed ? 1 : 0;
            tally.Contacted += contacted ? 1 : 0;
        }

        return Finish(request, per.Select(p => (ev.ChannelNames[p.Key], p.Value)));
    }

    /// <summary>
    /// The channels' tallies compared, each with all the others together; channels by attempts, then name (not the
    /// order persons happen to be numbered in, which another backend does not share).
    /// </summary>
    public static ConsistencyResult Finish(ConsistencyRequest request, IEnumerable<(string Channel, Tally Tally)> channels)
    {
        var per = channels.ToList();
        var rows = per.OrderByDescending(p => p.Tally.Attempts).ThenBy(p => p.Channel, StringComparer.Ordinal).Select(p =>
        {
            var (t, rest) = (p.Tally, new Tally());
            foreach (var other in per.Where(o => o.Channel != p.Channel))
            {
                rest.Add(other.Tally);
            }

            return new ChannelConsistency(
                p.Channel,
                t.Attempts,
                Estimate.Proportion(t.Completed, t.Attempts),
                Significance.Proportions(rest.Completed, rest.Attempts, t.Completed, t.Attempts),
                t.Times.Count == 0 ? null : DurationStats.Of([.. t.Times]).Median,
                Significance.MannWhitney([.. rest.Times], [.. t.Times]),
                [.. t.Scores.OrderBy(s => s.Key).Select(s => s.Value.Figure(request.MinAnswers))],
                Estimate.Proportion(t.Contacted, t.Attempts),
                Significance.Proportions(rest.Contacted, rest.Attempts, t.Contacted, t.Attempts));
        });
        return new ConsistencyResult($"{string.Join("|", request.Start)} > {string.Join("|", request.Done)}", [.. rows]);
    }

    /// <summary>One channel's attempts: completed, followed by a contact, the times to completion (seconds) and the answers about the task.</summary>
    public sealed class Tally
    {
        public long Attempts, Completed, Contacted;
        public List<double> Times { get; } = [];
        public Dictionary<ScoreType, ScoreAccumulator> Scores { get; } = [];

        public void Add(Tally other)
        {
            (Attempts, Completed, Contacted) = (Attempts + other.Attempts, Completed + other.Completed, Contacted + other.Contacted);
            Times.AddRange(other.Times);
        }
    }
}
