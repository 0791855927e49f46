using JourneyLens.Ingest.Catalogue;
using JourneyLens.Generation;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Validation;
using JourneyLens.Maps.Yaml;
using JourneyLens.Testing;

namespace JourneyLens.Maps.Tests.Validation;

public class MapValidationTests
{
    private static readonly Core.Catalogue.TouchpointCatalogue Airline = CatalogueYaml.Parse(Scenario.Find("airline").CatalogueYaml(), "airline");

    private static string Sample(string name) => File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", name));

    /// <summary>The touchpoints the airline generator emits: what a workspace of its data holds.</summary>
    private static IReadOnlyCollection<string> AirlineTouchpoints => [.. Airline.Touchpoints.Select(t => t.Name), "Survey answered"];

    [Fact]
    public void The_airline_sample_reads_and_validates_against_the_generated_touchpoints()
    {
        var map = MapReader.Read(Sample("airline-door-to-door.yaml"), "airline-door-to-door.yaml");

        MapValidator.Validate(map, "airline-door-to-door.yaml", Airline, AirlineTouchpoints).ShouldBeEmpty();
        map.Actor.Persona.ShouldBe("family");
        map.Steps.Count.ShouldBe(8);
        map.Steps.Single(s => s.Id == "pack").IsTouchpoint.ShouldBeFalse();
        map.Opportunities.Single(o => o.Id == "fix-check-in").Status.ShouldBe(OpportunityStatus.Measuring);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var error = Should.Throw<MapException>(() => MapReader.Read("id: x\ntitle: y\nsteps:\n  - id: a\n    title: [unclosed\n", "m.yaml"));

        error.Problems.Single().ToString().ShouldStartWith("m.yaml, line");
        error.Message.ShouldContain("not valid YAML");
    }

    [Fact]
    public void Every_problem_is_reported_with_line_and_column()
    {
        const string yaml = """
            id: m
            title: Two problems and a third
            actors: [a, b]
            steps:
              - id: s1
                phase: awareness
                title: Sees an ad
                emotion: 7
                colour: red
            """;

        var error = Should.Throw<MapException>(() => MapReader.Read(yaml, "m.yaml"));

        var messages = error.Problems.Select(p => p.ToString()).ToList();
        messages.ShouldContain(m => m.StartsWith("m.yaml, line 3, column 9, actors: a map has one actor", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("actor: a map must have one actor", StringComparison.Ordinal));
        messages.ShouldContain(m => m.StartsWith("m.yaml, line 8, column 14, emotion: emotion '7'", StringComparison.Ordinal));
        messages.ShouldContain(m => m.StartsWith("m.yaml, line 9, column 5, colour: unknown key 'colour' in a step", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_touchpoints_phases_and_steps_get_did_you_mean()
    {
        const string yaml = """
            id: m
            title: Bindings
            actor: {name: Traveller}
            steps:
              - {id: s1, phase: consideraton, title: Search, touchpoints: [Searched flight]}
            pain_points:
              - {id: p1, step: s2, title: Slow}
            opportunities:
              - {id: o1, title: Faster, pain_points: [p2], steps: [s1]}
            state: future
            """;
        var map = MapReader.Read(yaml, "m.yaml");

        var problems = MapValidator.Validate(map, "m.yaml", Airline, AirlineTouchpoints).Select(p => p.ToString()).ToList();

        problems.ShouldContain("m.yaml, line 5, column 5, phase: step 's1': no phase 'consideraton' in this map (did you mean: consideration?); phases: awareness, consideration, purchase, retention, advocacy");
        problems.ShouldContain("m.yaml, line 5, column 64, touchpoints: step 's1': no touchpoint 'Searched flight' in the workspace (did you mean: Searched flights?)");
        problems.ShouldContain("m.yaml, line 7, column 5, step: pain point 'p1': no step 's2' (did you mean: s1?)");
        problems.ShouldContain("m.yaml, line 9, column 5, pain_points: opportunity 'o1': no pain point 'p2' (did you mean: p1?)");
        problems.ShouldContain(p => p.Contains("a future-state map names the current-state map", StringComparison.Ordinal));
    }
}
