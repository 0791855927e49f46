using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Maps.Editing;
using JourneyLens.Maps.Templates;
using JourneyLens.Maps.Yaml;
using JourneyLens.Testing;

namespace JourneyLens.Maps.Tests.Editing;

/// <summary>The map's header in a form, a new map from a template and the metrics offered: what reads back, what stays as written.</summary>
public class MapHeaderEditorTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", name));

    [Fact]
    public void Saving_the_header_as_it_is_changes_no_character()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(TestFiles.RepositoryRoot, "samples", "maps"), "*.yaml"))
        {
            var yaml = File.ReadAllText(file);
            MapHeaderEditor.Replace(yaml, MapHeaderEditor.Values(yaml)).ShouldBe(yaml, file);
        }
    }

    [Fact]
    public void A_changed_key_is_written_again_and_every_other_line_stays_as_written()
    {
        var yaml = Sample("airline-door-to-door.yaml");
        var values = MapHeaderEditor.Values(yaml);
        values["actor.persona"] = "business";
        values["actor.name"] = "Business traveller";
        values["scenario.expectations"] = "On time\nNo queue: ever";
        var edited = MapHeaderEditor.Replace(yaml, values);

        var map = MapReader.Read(edited, "edited");
        (map.Actor.Name, map.Actor.Persona, map.Actor.Description).ShouldBe(("Business traveller", "business", MapReader.Read(yaml, "y").Actor.Description));
        map.Scenario.Expectations.ShouldBe(["On time", "No queue: ever"]);
        map.Scenario.Goal.ShouldBe(MapReader.Read(yaml, "y").Scenario.Goal);
        var (before, after) = (yaml.Split('\n'), edited.Split('\n'));
        var steps = Array.IndexOf(before, "steps:");
        after[Array.IndexOf(after, "steps:")..].ShouldBe(before[steps..]);
        after[0].ShouldBe(before[0]);
        edited.ShouldContain("phases: [get inspired, search, book, pack, check in, fly, collect bags, look back]");
    }

    [Fact]
    public void A_phase_renamed_in_its_place_is_renamed_in_its_steps_and_a_new_key_goes_before_the_steps()
    {
        var yaml = Sample("airline-door-to-door.yaml").Replace("state: current\n", "", StringComparison.Ordinal);
        var values = MapHeaderEditor.Values(yaml);
        values["phases"] = values["phases"].Replace("check in", "go to the airport", StringComparison.Ordinal);
        values["state"] = "future";
        var map = MapReader.Read(MapHeaderEditor.Replace(yaml, values), "renamed");

        map.Phases.ShouldContain("go to the airport");
        map.Steps.Single(s => s.Id == "check-in").Phase.ShouldBe("go to the airport");
        map.State.ShouldBe(Model.MapState.Future);
    }

    [Fact]
    public void A_new_map_from_any_text_in_the_form_reads_back_as_given()
    {
        var text = Gen.Elements("a", "B", " ", ":", "#", "'", "\"", "-", "[", "]", "{", "}", ",", "é", "→", "&", "*", "!", "%", "@", "`", "|", ">", "?", "true", "null", "3", "~", "\\", "\t", "\u0001")
            .ArrayOf().Select(parts => string.Concat(parts).Trim()).Where(t => t.Length > 0);
        Prop.ForAll(text.ToArbitrary(), text.ToArbitrary(), text.ToArbitrary(), (title, goal, phase) =>
        {
            var persona = goal + title;
            var start = new MapStart("lifecycle", "m") { Title = title, Goal = goal, Persona = persona, Expectations = [goal, title], Phases = [phase, phase + " 2"] };
            var map = MapReader.Read(MapTemplates.Yaml(start), "new");
            map.Title.ShouldBe(title);
            map.Scenario.Goal.ShouldBe(goal);
            map.Actor.Persona.ShouldBe(persona);
            map.Phases.ShouldBe(new[] { phase, phase + " 2" });
            map.Scenario.Expectations.ShouldBe(new[] { goal, title });
            map.Steps.Select(s => s.Id).Distinct().Count().ShouldBe(2);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_map_made_in_the_form_from_any_template_is_valid_and_carries_no_prompt_text()
    {
        foreach (var template in MapTemplates.Names)
        {
            var yaml = MapTemplates.Yaml(new MapStart(template, "m") { Title = "Trip", Examples = false });
            var (map, problems) = JourneyLens.Maps.Validation.MapValidator.Check(yaml, template, JourneyLens.Core.Catalogue.TouchpointCatalogue.Empty, null);
            problems.ShouldBeEmpty(template);
            map!.Steps.ShouldAllBe(s => s.Actions.Count == 0 && s.Thoughts.Count == 0 && s.Emotion == null && s.Owner == null);
            map.Actor.Description.ShouldBeNull();
            map.Scenario.Goal.ShouldBeNull();
            map.Steps.Count.ShouldBe(MapTemplates.PhasesOf(template).Count);
            (map.Steps[0].Lanes is not null).ShouldBe(template == MapTemplates.Blueprint);
        }
    }

    [Fact]
    public void Ids_made_from_titles_are_plain_and_unique()
    {
        var taken = new HashSet<string>();
        MapTemplates.UniqueId("Checks in — at the desk!", taken).ShouldBe("checks-in-at-the-desk");
        MapTemplates.UniqueId("Checks in: at the desk", taken).ShouldBe("checks-in-at-the-desk-2");
        MapTemplates.UniqueId("→ ✈", taken).ShouldBe("step");
    }

    [Fact]
    public void Every_metric_offered_for_an_opportunity_names_a_metric_and_the_map_s_touchpoints()
    {
        var map = MapReader.Read(Sample("airline-door-to-door.yaml"), "airline");
        var choices = MetricChoices.Of(map);
        var touchpoints = map.Steps.SelectMany(s => s.Touchpoints).ToHashSet();
        choices.Select(c => c.Metric).ShouldBeUnique();
        foreach (var (metric, text) in choices)
        {
            var (name, argument) = metric.IndexOf('@') is var at and >= 0 ? (metric[..at], metric[(at + 1)..]) : (metric, "");
            name.ShouldBeOneOf("nps", "csat", "ces", "journey-duration", "reach", "conversion", "failed-self-service", "repeat-contact");
            argument.Split('>', '|').Where(a => a.Length > 0).ShouldAllBe(a => touchpoints.Contains(a));
            text.ShouldNotBeNullOrWhiteSpace();
        }

        choices.ShouldContain(c => c.Metric == "conversion@Searched flights|Compared fares|Managed booking>Booked flight|Paid|Booking confirmation");
    }
}
