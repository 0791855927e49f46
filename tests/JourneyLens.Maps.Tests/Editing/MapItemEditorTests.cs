using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Maps.Editing;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Templates;
using JourneyLens.Maps.Yaml;
using JourneyLens.Testing;

namespace JourneyLens.Maps.Tests.Editing;

/// <summary>Editing one item through form values: the item reads back as it was or as asked, and every other line stays as written.</summary>
public class MapItemEditorTests
{
    public static TheoryData<string> Samples() => [.. Directory.GetFiles(Path.Combine(TestFiles.RepositoryRoot, "samples", "maps"), "*.yaml").Select(f => Path.GetFileName(f))];

    private static string Sample(string name) => File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", name));

    /// <summary>A map's items without where they stood, as JSON: equal when the maps say the same.</summary>
    private static string Content(JourneyMap map) => JsonSerializer.Serialize(new
    {
        Steps = map.Steps.Select(s => s with { At = default, TouchpointsAt = [] }),
        PainPoints = map.PainPoints.Select(p => p with { At = default }),
        Opportunities = map.Opportunities.Select(o => o with { At = default }),
        map.Title,
        map.Phases,
        map.Metrics,
    });

    [Theory]
    [MemberData(nameof(Samples))]
    public void Writing_every_item_again_from_its_own_values_keeps_the_map_and_its_comments(string file)
    {
        var yaml = Sample(file);
        var before = MapReader.Read(yaml, file);
        foreach (var kind in ItemKind.All)
        {
            foreach (var id in MapItemEditor.Ids(yaml, kind))
            {
                var edited = MapItemEditor.Replace(yaml, kind, id, MapItemEditor.Values(yaml, kind, id)!);
                Content(MapReader.Read(edited, file)).ShouldBe(Content(before), $"{kind.Singular} {id}");
                foreach (var comment in yaml.Split('\n').Where(l => l.TrimStart().StartsWith('#')))
                {
                    edited.ShouldContain(comment);
                }
            }
        }
    }

    [Fact]
    public void A_changed_field_changes_that_item_only_and_leaves_the_lines_around_it_as_written()
    {
        var yaml = Sample("airline-door-to-door.yaml");
        var values = MapItemEditor.Values(yaml, ItemKind.Step, "book")!;
        values["title"] = "Books: pays # and waits";
        values["thoughts"] = "Is this the final price?\n  \nWill 'they' charge for seats?";
        values["emotion"] = "-2";
        values["lanes.frontstage"] = "";
        var edited = MapItemEditor.Replace(yaml, ItemKind.Step, "book", values);

        var map = MapReader.Read(edited, "edited");
        var step = map.Steps.Single(s => s.Id == "book");
        step.Title.ShouldBe("Books: pays # and waits");
        step.Thoughts.ShouldBe(["Is this the final price?", "Will 'they' charge for seats?"]);
        step.Emotion!.Value.ShouldBe(-2);
        step.Lanes!.Frontstage.ShouldBeNull();
        step.Lanes.Backstage.ShouldBe("Reservation system");
        var original = MapReader.Read(yaml, "original");
        map.Steps.Where(s => s.Id != "book").Select(s => s.Title).ShouldBe(original.Steps.Where(s => s.Id != "book").Select(s => s.Title));

        // Lines before and after the item are the same text.
        var (a, b) = (yaml.Split('\n'), edited.Split('\n'));
        var first = Array.FindIndex(a, l => l.Contains("- id: book", StringComparison.Ordinal));
        b[..first].ShouldBe(a[..first]);
        var next = Array.FindIndex(a, first + 1, l => l.TrimStart().StartsWith("- id:", StringComparison.Ordinal));
        b[^(a.Length - next)..].ShouldBe(a[next..]);
    }

    [Fact]
    public void Items_are_added_where_asked_removed_and_a_list_left_empty_reads_as_empty()
    {
        var yaml = Sample("airline-door-to-door.yaml");
        var step = new Dictionary<string, string> { ["id"] = "parking", ["phase"] = "check in", ["title"] = "Parks the car", ["touchpoints"] = "Parked", ["touchpoint"] = "true", ["optional"] = "true" };
        var added = MapItemEditor.Insert(yaml, ItemKind.Step, "pack", step);
        var steps = MapReader.Read(added, "added").Steps.Select(s => s.Id).ToList();
        steps[steps.IndexOf("pack") + 1].ShouldBe("parking");
        MapReader.Read(added, "added").Steps.Single(s => s.Id == "parking").Optional.ShouldBeTrue();

        MapReader.Read(MapItemEditor.Insert(yaml, ItemKind.Step, null, step), "end").Steps[^1].Id.ShouldBe("parking");
        MapReader.Read(MapItemEditor.Remove(added, ItemKind.Step, "parking"), "removed").Steps.Select(s => s.Id).ShouldBe(MapReader.Read(yaml, "y").Steps.Select(s => s.Id));

        var withoutPains = MapItemEditor.Ids(yaml, ItemKind.PainPoint).Aggregate(yaml, (text, id) => MapItemEditor.Remove(text, ItemKind.PainPoint, id));
        withoutPains.ShouldContain("pain_points: []");
        var opportunities = MapItemEditor.Ids(yaml, ItemKind.Opportunity).Aggregate(withoutPains, (text, id) => MapItemEditor.Remove(text, ItemKind.Opportunity, id));
        var empty = MapReader.Read(opportunities, "empty");
        (empty.PainPoints.Count, empty.Opportunities.Count).ShouldBe((0, 0));

        // Into the empty list again, and into a map that has no such list at all.
        var pain = new Dictionary<string, string> { ["id"] = "queue", ["step"] = "check-in", ["title"] = "Long queue", ["severity"] = "4" };
        MapReader.Read(MapItemEditor.Insert(opportunities, ItemKind.PainPoint, null, pain), "again").PainPoints.Single().Severity.ShouldBe(4);
        var template = MapTemplates.Yaml("lifecycle", "t");
        var noList = string.Join('\n', template.Split('\n').TakeWhile(l => !l.StartsWith("pain_points", StringComparison.Ordinal) && !l.StartsWith("opportunities", StringComparison.Ordinal)));
        var firstStep = MapReader.Read(noList, "t").Steps[0].Id;
        MapReader.Read(MapItemEditor.Insert(noList, ItemKind.PainPoint, null, new Dictionary<string, string>(pain) { ["step"] = firstStep }), "created").PainPoints.Single().Id.ShouldBe("queue");
    }

    [Fact]
    public void Edits_the_text_cannot_take_are_refused_with_the_reason()
    {
        var flow = "id: m\ntitle: M\nactor: {name: A}\nphases: [a]\nsteps: [{id: s, phase: a, title: S}]\n";
        Should.Throw<MapEditException>(() => MapItemEditor.Replace(flow, ItemKind.Step, "s", new Dictionary<string, string>())).Message.ShouldContain("flow style");
        Should.Throw<MapEditException>(() => MapItemEditor.Remove(Sample("airline-door-to-door.yaml"), ItemKind.Step, "nope")).Message.ShouldContain("no step 'nope'");
        Should.Throw<MapEditException>(() => MapItemEditor.Ids("steps: [", ItemKind.Step)).Message.ShouldContain("not valid YAML");
    }

    [Fact]
    public void Any_text_written_into_any_field_reads_back_as_written()
    {
        var text = Gen.Elements("a", "b", " ", ":", "#", "'", "\"", "-", "[", "]", "{", "}", ",", "é", "→", "&", "*", "!", "%", "@", "`", "|", ">", "?", "true", "null", "3", "~")
            .ArrayOf().Select(parts => string.Concat(parts).Trim());
        Prop.ForAll(text.ToArbitrary(), text.ToArbitrary(), text.ToArbitrary(), (title, action, owner) =>
        {
            var yaml = Sample("airline-door-to-door.yaml");
            var values = MapItemEditor.Values(yaml, ItemKind.Step, "search")!;
            values["title"] = title.Length == 0 ? "t" : title;
            values["actions"] = $"{action}\nsecond";
            values["owner"] = owner;
            var edited = MapItemEditor.Replace(yaml, ItemKind.Step, "search", values);
            var back = MapItemEditor.Values(edited, ItemKind.Step, "search")!;
            back["title"].ShouldBe(values["title"]);
            back["actions"].ShouldBe(action.Length == 0 ? "second" : $"{action}\nsecond");
            back["owner"].ShouldBe(owner);
        }).QuickCheckThrowOnFailure();
    }
}
