using JourneyLens.Core.Engine;
using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Testing;

namespace JourneyLens.Maps.Tests.Binding;

/// <summary>The binder's one-pass scan against a plain reading of the definitions in docs/maps.md, on random logs and maps.</summary>
public class MapBinderTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "survey"];
    private const int Survey = 4;
    private static readonly TimeSpan Gap = TimeSpan.FromHours(10);

    private static Gen<Row[]> Logs =>
        from rows in RandomLog.Rows(60, 5, 30, 3_600_000L, Names.Length)
        from scores in Gen.ArrayOf(Gen.Choose(0, 10), rows.Length)
        from abouts in Gen.ArrayOf(Gen.Choose(-1, 3), rows.Length)
        select rows.Select((r, i) => r.Touchpoint == Survey ? r with { Type = ScoreType.Nps, Score = (sbyte)scores[i], About = abouts[i] } : r).ToArray();

    private static Step NewStep(int i, string[] touchpoints, bool isTouchpoint, bool optional, int? maxWaitHours) =>
        new($"s{i}", "p", $"Step {i}", [], [], null, touchpoints, null, isTouchpoint, null, null, null, new Position(i + 1, 1))
        {
            Optional = optional,
            MaxWait = maxWaitHours is { } h ? TimeSpan.FromHours(h) : null,
        };

    private static Gen<Step[]> Steps =>
        from count in Gen.Choose(1, 5)
        from steps in Gen.ArrayOf(
            from mask in Gen.Choose(0, 15)
            from isTouchpoint in Gen.Elements(true, true, false)
            from optional in Gen.Elements(false, false, true)
            from wait in Gen.Elements<int?>(null, 0, 1, 3)
            select (mask, isTouchpoint, optional, wait), count)
        select steps.Select((s, i) => NewStep(i, [.. Enumerable.Range(0, 4).Where(b => (s.mask & (1 << b)) != 0).Select(b => Names[b])], s.isTouchpoint, s.optional, s.wait)).ToArray();

    public static JourneyMap MapOf(IReadOnlyList<Step> steps) =>
        new("m", "Map", MapState.Current, null, Lens.Default, new Actor("someone", null, null), new MapScenario(null, []), ["p"], steps, [], [], []);

    private static BindRequest Request => new(TouchpointCatalogue.Empty, ChannelClasses.Default, PainRules.Default with { MinCases = 1 }, MinAnswers: 1);

    [Fact]
    public void Per_step_figures_match_a_plain_reading_of_the_definitions()
    {
        Prop.ForAll(Logs.ToArbitrary(), Steps.ToArbitrary(), (rows, steps) =>
        {
            var bound = MapBinder.Bind(MapOf(steps), RandomLog.Engine(rows, Names, Gap), Request);
            var journeys = RandomLog.Journeys(rows, Gap);

            bool Bound(int s) => steps[s].Touchpoints.Count > 0;
            bool MainLine(int s) => Bound(s) && steps[s].IsTouchpoint && !steps[s].Optional;
            bool At(Row r, int s) => r.Type == ScoreType.None && steps[s].Touchpoints.Contains(Names[r.Touchpoint]);
            for (var s = 0; s < steps.Length; s++)
            {
                var next = Enumerable.Range(s + 1, steps.Length - s - 1).Where(MainLine).Select(x => (int?)x).FirstOrDefault();
                var previous = Enumerable.Range(0, s).Where(MainLine).Select(x => (int?)x).LastOrDefault();
                var reaching = journeys.Where(j => j.Any(r => At(r, s))).ToList();
                bool Continues(List<Row> j) => next is { } n && j.Any(r => At(r, n) && r.Ts >= j.First(x => At(x, s)).Ts);
                var waits = new List<double>();
                foreach (var j in reaching.Where(_ => previous is not null))
                {
                    var firstHere = j.FindIndex(r => At(r, s));
                    var before = j.Take(firstHere + 1).Where(r => At(r, previous!.Value)).ToList();
                    if (before.Count > 0)
                    {
                        waits.Add((j[firstHere].Ts - before[^1].Ts) / 1000.0);
                    }
                }

                var b = bound.Steps[s];
                b.Events.ShouldBe(rows.Count(r => At(r, s)));
                b.Journeys.ShouldBe(reaching.Count);
                b.Persons.ShouldBe(reaching.Select(j => j[0].Person).Distinct().Count());
                b.Next.ShouldBe(next is { } nx ? steps[nx].Id : null);
                b.PersonsDropped.ShouldBe(next is null ? 0 : reaching.Where(j => !Continues(j)).Select(j => j[0].Person).Distinct().Count());
                (b.DropOff?.Value).ShouldBe(next is null || reaching.Count == 0 ? null : (double)reaching.Count(j => !Continues(j)) / reaching.Count);
                b.Waits.ShouldBe(waits.Count);
                (b.Wait?.Median).ShouldBe(waits.Count == 0 ? null : RandomLog.Median(waits));

                var answers = journeys.SelectMany(Answers).Where(a => steps[s].Touchpoints.Contains(Names[a.Subject])).ToList();
                var nps = b.Scores.SingleOrDefault(f => f.Type == ScoreType.Nps);
                (nps?.Answers ?? 0).ShouldBe(answers.Count);
                if (answers.Count > 0)
                {
                    nps!.Value.ShouldBe((answers.Count(a => a.Score >= 9) - answers.Count(a => a.Score <= 6)) * 100.0 / answers.Count, 1e-9);
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Each answer with the touchpoint it rates: its about, else the last non-answer event before it in the journey.</summary>
    private static IEnumerable<(int Subject, int Score)> Answers(List<Row> journey)
    {
        for (var k = 0; k < journey.Count; k++)
        {
            if (journey[k].Type == ScoreType.None)
            {
                continue;
            }

            var subject = journey[k].About >= 0 ? journey[k].About : journey.Take(k).LastOrDefault(r => r.Type == ScoreType.None)?.Touchpoint ?? -1;
            if (subject >= 0)
            {
                yield return (subject, journey[k].Score);
            }
        }
    }


    [Fact]
    public void A_personas_emotion_line_picked_by_person_equals_the_line_over_an_engine_of_those_persons_only()
    {
        var cases = from rows in Logs from steps in Steps from persons in Gen.Choose(0, 7).ArrayOf() select (rows, steps, persons);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var engine = RandomLog.Engine(c.rows, Names, Gap);
            var map = MapOf(c.steps);
            var chosen = c.persons.ToHashSet();
            var narrowed = EventTableFilter.Persons(engine.Events, chosen.Contains);
            var within = new JourneyEngine(narrowed, JourneyIndex.Cut(narrowed, Gap));

            var picked = MapBinder.EmotionLine(map, engine, 1, chosen.Contains);
            var reference = MapBinder.EmotionLine(map, within, 1);
            picked.ShouldBe(reference);
            picked.ShouldBe(MapBinder.Bind(map, within, Request).Steps.Select(s => s.MeasuredEmotion).ToList());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Steps_without_data_are_unmeasured_and_coverage_counts_the_measured()
    {
        var rows = new[] { new Row(0, 0, 0), new Row(0, 3_600_000, 1) };
        var map = MapOf([NewStep(0, ["a"], true, false, null), NewStep(1, [], false, false, null), NewStep(2, ["c"], true, false, null), NewStep(3, ["zzz"], true, false, null)]);

        var bound = MapBinder.Bind(map, RandomLog.Engine(rows, Names, Gap), Request);

        bound.Steps.Select(s => s.Unmeasured).ShouldBe([null, "no touchpoints bound", "no events or answers at its touchpoints in this scope", "its touchpoints are not in the workspace"]);
        bound.Coverage.ShouldBe(0.25);
    }

    [Fact]
    public void A_frequent_drop_off_and_waits_beyond_max_wait_become_pain_points_of_their_step()
    {
        // Ten persons reach a; four go on to b, three of them after a wait of three hours where the map accepts one.
        var rows = Enumerable.Range(0, 10).SelectMany(p => p < 4
            ? new[] { new Row(p, 0, 0), new Row(p, (p < 3 ? 3 : 0.5) is var h ? (long)(h * 3_600_000) : 0, 1) }
            : [new Row(p, 0, 0)]).ToArray();
        var map = MapOf([NewStep(0, ["a"], true, false, null), NewStep(1, ["b"], true, false, 1)]);

        var bound = MapBinder.Bind(map, RandomLog.Engine(rows, Names, Gap), Request with { Rules = PainRules.Default with { MinCases = 4 } });

        var drop = bound.Steps[0].Pains.Single(p => p.Kind == PainKind.DropOff);
        (drop.CustomersAffected, drop.Severity, drop.Effect).ShouldBe((6L, 3, 0.6));
        var wait = bound.Steps[1].Pains.Single(p => p.Kind == PainKind.LongWait);
        (wait.CustomersAffected, wait.Severity, wait.Effect).ShouldBe((3L, 4, 0.75));
        bound.Pains.Select(p => p.Impact).ShouldBe([18L, 12L]);
    }
}
