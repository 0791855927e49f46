using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Yaml;
using JourneyLens.Testing;

namespace JourneyLens.Rendering.Tests.Maps;

/// <summary>Maps to draw: the samples bound to a small synthetic log that walks their steps, and maps built in code.</summary>
internal static class SampleMaps
{
    public static JourneyMap Read(string file) =>
        MapReader.Read(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", file)), file);

    /// <summary>
    /// 400 persons walk the map's touchpoint steps in order, each going on with probability 0.8; every second person answers an
    /// NPS question about each step's first touchpoint, lower further along — so every figure and the emotion line have data.
    /// </summary>
    public static BoundMap Bound(JourneyMap map)
    {
        var names = map.Steps.SelectMany(s => s.Touchpoints).Distinct().Append("Survey answered").ToList();
        var survey = names.Count - 1;
        var random = new Random(7);
        var rows = new List<Row>();
        for (var p = 0; p < 400; p++)
        {
            var ts = 0L;
            foreach (var (step, index) in map.Steps.Select((s, i) => (s, i)).Where(x => x.s.Touchpoints.Count > 0))
            {
                if (index > 0 && random.NextDouble() > 0.8)
                {
                    break;
                }

                ts += random.Next(1, 120) * 60_000L;
                var touchpoint = names.IndexOf(step.Touchpoints[random.Next(step.Touchpoints.Count)]);
                if (step.IsTouchpoint)
                {
                    rows.Add(new Row(p, ts, touchpoint));
                }

                if (p % 2 == 0)
                {
                    rows.Add(new Row(p, ts + 1000, survey) { Type = ScoreType.Nps, Score = (sbyte)Math.Clamp(10 - index - random.Next(0, 4), 0, 10), About = names.IndexOf(step.Touchpoints[0]) });
                }
            }
        }

        var engine = RandomLog.Engine([.. rows], [.. names], TimeSpan.FromDays(30));
        return MapBinder.Bind(map, engine, new BindRequest(TouchpointCatalogue.Empty, ChannelClasses.Default, PainRules.Default));
    }

    /// <summary>A map with many steps, to show that the picture grows and the page scrolls.</summary>
    public static JourneyMap Long(int steps) =>
        new("long", "A long journey", MapState.Current, null, Lens.Default, new Actor("Someone", null, null), new MapScenario("Get there", []),
            ["first half", "second half"],
            [.. Enumerable.Range(0, steps).Select(i => new Step($"s{i}", i < steps / 2 ? "first half" : "second half", $"Step number {i} with a title long enough to wrap over lines",
                [$"Does thing {i}"], [], new Emotion((i % 5) - 2, null), [$"t{i}"], "web", i % 7 != 3, null, null, null, new Position(i + 1, 1)))],
            [], [], []);

    /// <summary>Markup, quotes and ampersands in every text a map can hold.</summary>
    public const string Hostile = "<script>alert(\"x\")</script> & 'q' <b>bold</b>";

    public static JourneyMap HostileMap() =>
        new(Hostile, Hostile, MapState.Current, null, Lens.Default, new Actor(Hostile, Hostile, Hostile), new MapScenario(Hostile, [Hostile]), [Hostile],
            [new Step("s1", Hostile, Hostile, [Hostile], [Hostile], new Emotion(-1, Hostile), [Hostile], Hostile, false, Hostile, Hostile,
                new Lanes(Hostile, Hostile, Hostile, Hostile), new Position(1, 1))],
            [new PainPoint("p1", "s1", Hostile, 3, Hostile, new Position(2, 1))],
            [new Opportunity("o1", Hostile, ["s1"], ["p1"], Hostile, [Hostile], OpportunityStatus.Idea, Hostile, Hostile, 1, 2, new Position(3, 1))],
            [Hostile]);
}
