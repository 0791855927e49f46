using System.Text;
using JourneyLens.Ingest.Catalogue;
using JourneyLens.Generation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Tests.Catalogue;

public class CatalogueYamlTests
{
    [Theory]
    [InlineData("touchpoints:\n  - {name: A, ownership: rented}", "line 2, field 'ownership': ownership 'rented': expected owned, partner or earned")]
    [InlineData("touchpoints:\n  - name: A\n    phase: {lifecycle: awareness}", "line 3, field 'phase': unknown key 'phase'")]
    [InlineData("touchpoints:\n  - {channel: web}", "line 2, field 'name': a touchpoint needs a name")]
    [InlineData("touchpoints: [unclosed\nnext: 1", "not valid YAML: an unterminated")]
    [InlineData("lens: {}", "line 1, field 'lens': unknown key 'lens'; expected 'lenses' or 'touchpoints'")]
    [InlineData("touchpoints:\n  - {name: A}\n  - {name: A}", "touchpoint 'A' is listed twice")]
    public void Problems_name_the_line_and_field(string yaml, string message)
    {
        var error = Should.Throw<InputException>(() => CatalogueYaml.Parse(yaml, "cat.yaml"));

        error.Message.ShouldContain(message);
        error.Message.ShouldStartWith("cat.yaml");
    }

    [Fact]
    public void A_catalogue_gives_phases_per_lens_and_custom_lenses()
    {
        var catalogue = CatalogueYaml.Parse("lenses:\n  activity: [search, fly]\ntouchpoints:\n  - {name: Flew, channel: flight, owner: ops, ownership: partner, phases: {activity: fly, lifecycle: retention}}", "c.yaml");

        catalogue.PhaseOf("Flew", "activity").ShouldBe("fly");
        catalogue.PhasesInOrder("activity").ShouldBe(["search", "fly", "(no phase)"]);
        catalogue.Find("Flew")!.Ownership.ShouldBe(Core.Catalogue.Ownership.Partner);
        catalogue.PhaseOf("Unknown", "activity").ShouldBe("(no phase)");
    }

    /// <summary>Every touchpoint a scenario emits (the survey answer aside) has an owner, a channel and a phase under every lens the catalogue uses.</summary>
    [Theory]
    [InlineData("airline")]
    [InlineData("hotel")]
    [InlineData("webshop")]
    [InlineData("telecom")]
    public void Each_scenario_catalogue_covers_its_touchpoints(string name)
    {
        var scenario = Scenario.Find(name);
        var catalogue = CatalogueYaml.Parse(scenario.CatalogueYaml(), name);
        using var data = new MemoryStream();
        Generator.Generate(scenario, new GeneratorOptions { Customers = 3000 }, data);
        var touchpoints = Encoding.UTF8.GetString(data.ToArray()).Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[7]).ToHashSet();
        touchpoints.Remove("Survey answered");

        var lenses = catalogue.Touchpoints.SelectMany(t => t.Phases!.Keys).ToHashSet();
        lenses.ShouldContain("lifecycle");
        lenses.ShouldContain("functional");
        foreach (var touchpoint in touchpoints)
        {
            var info = catalogue.Find(touchpoint).ShouldNotBeNull(touchpoint);
            info.Owner.ShouldNotBeNull(touchpoint);
            info.Phases!.Keys.ShouldContain("lifecycle");
            catalogue.LensNamed("functional").Phases.ShouldContain(info.Phases!["functional"], touchpoint);
        }
    }
}
