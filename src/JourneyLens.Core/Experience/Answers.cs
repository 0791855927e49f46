using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Experience;

/// <summary>One survey answer with the touchpoint (or channel, or phase) it rates.</summary>
public readonly record struct Answer(int Person, int Journey, long Ts, int Subject, ScoreType Type, int Score);

/// <summary>
/// The survey answers of the journeys, each tied to its subject (docs/experience.md): the <c>about</c> touchpoint when the
/// answer names one, else the last event before it in the journey that is not itself an answer. Answers with neither
/// get <see cref="NoSubject"/>.
/// </summary>
public static class Answers
{
    public const int NoSubject = -1;

    private static readonly ConditionalWeakTable<JourneyEngine, Lazy<ImmutableArray<Answer>>> s_collected = new();

    /// <summary>
    /// The answers of the engine's journeys in journey order (so per person in time order). Computed once per engine:
    /// an engine never changes, and scores, low points, metrics and map binding all start from them.
    /// </summary>
    public static ImmutableArray<Answer> Collect(JourneyEngine engine) =>
        s_collected.GetValue(engine, e => new Lazy<ImmutableArray<Answer>>(() => Scan(e))).Value;

    private static ImmutableArray<Answer> Scan(JourneyEngine engine)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var answers = new List<Answer>();
        for (var j = 0; j < js.Count; j++)
        {
            var last = NoSubject;
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] == ScoreType.None)
                {
                    last = ev.Touchpoint[i];
                    continue;
                }

                var subject = ev.About[i] != EventTable.NoAbout ? ev.About[i] : last;
                answers.Add(new Answer(js.JourneyPerson[j], j, ev.TimestampMs[i], subject, ev.ScoreType[i], ev.Score[i]));
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(answers.ToArray());
    }

    /// <summary>Promoters 9–10, detractors 0–6 (NPS); satisfied 4–5 (CSAT).</summary>
    public static bool IsPromoter(int score) => score >= 9;

    public static bool IsDetractor(int score) => score <= 6;

    public static bool IsSatisfied(int score) => score >= 4;
}
