using System.Xml.Linq;
using AngleSharp.Html.Parser;
using JourneyLens.Core.Catalogue;
using JourneyLens.Maps.Binding;
using JourneyLens.Rendering.Maps;

namespace JourneyLens.Rendering.Tests.Maps;

/// <summary>The map picture parsed back: its columns, lanes, emotion lines, non-touchpoints, wrapping and escaping.</summary>
public class MapChartTests
{
    private static readonly XNamespace S = "http://www.w3.org/2000/svg";

    private static XElement Svg(BoundMap map) => XElement.Parse(MapChart.Render(map));

    private static IEnumerable<XElement> Cells(XElement svg, string lane) =>
        svg.Descendants(S + "g").Where(g => (string?)g.Attribute("data-lane") == lane);

    [Fact]
    public void Text_on_coloured_backgrounds_contrasts_at_least_4_5_to_1()
    {
        // Every phase header of the sample maps: its name's fill against its box's.
        foreach (var file in new[] { "airline-door-to-door.yaml" })
        {
            foreach (var phase in Svg(SampleMaps.Bound(SampleMaps.Read(file))).Descendants(S + "g").Where(g => (string?)g.Attribute("class") == "phase"))
            {
                var (box, text) = ((string)phase.Element(S + "rect")!.Attribute("fill")!, (string)phase.Element(S + "text")!.Attribute("fill")!);
                Rendering.Svg.Contrast(text, box).ShouldBeGreaterThanOrEqualTo(4.5, $"{phase.Attribute("data-phase")}: {text} on {box}");
            }
        }

        // Any colour: the palette's and every shade the heat maps blend.
        var shades = Enumerable.Range(0, 101).SelectMany(i => new[] { Rendering.Svg.Blend((0xe8, 0xf0, 0xfa), (0x1f, 0x4e, 0x79), i / 100.0), Rendering.Svg.Blend((0xf4, 0xf6, 0xf8), (0xb2, 0x18, 0x2b), i / 100.0) });
        foreach (var colour in Rendering.Svg.Colours.Concat(shades))
        {
            Rendering.Svg.Contrast(Rendering.Svg.TextOn(colour), colour).ShouldBeGreaterThanOrEqualTo(4.5, colour);
        }
    }

    [Fact]
    public void The_airline_sample_draws_its_phases_steps_emotion_lines_and_figures()
    {
        var bound = SampleMaps.Bound(SampleMaps.Read("airline-door-to-door.yaml"));

        var svg = Svg(bound);

        svg.Descendants(S + "g").Where(g => (string?)g.Attribute("class") == "phase").Select(g => (string?)g.Attribute("data-phase"))
            .ShouldBe(bound.Map.Phases, "one header per phase, in the map's order");
        Cells(svg, "Step").Select(g => string.Join(" ", g.Descendants(S + "text").Select(t => t.Value)))
            .ShouldBe(bound.Map.Steps.Select(s => s.Title));
        var pack = Cells(svg, "Touchpoints").Single(g => (string?)g.Attribute("data-step") == "pack");
        ((string?)pack.Attribute("class")).ShouldBe("cell non-touchpoint");
        pack.Element(S + "rect")!.Attribute("stroke-dasharray").ShouldNotBeNull();
        pack.Descendants(S + "text").First().Value.ShouldBe("not a touchpoint");

        var research = svg.Descendants(S + "polyline").Single(p => (string?)p.Attribute("class") == "emotion-research");
        research.Attribute("points")!.Value.Split(' ').Length.ShouldBe(bound.Map.Steps.Count(s => s.Emotion is not null));
        var measured = svg.Descendants(S + "polyline").Single(p => (string?)p.Attribute("class") == "emotion-measured");
        measured.Attribute("points")!.Value.Split(' ').Length.ShouldBe(bound.Steps.Count(s => s.MeasuredEmotion is not null));
        Cells(svg, "Measured").Single(g => (string?)g.Attribute("data-step") == "book").Value.ShouldContain("journeys · reach");
        Cells(svg, "Opportunities").Single(g => (string?)g.Attribute("data-step") == "check-in").Value.ShouldContain("Make online check-in work");
        Cells(svg, "Frontstage").Single(g => (string?)g.Attribute("data-step") == "book").Value.ShouldBe("Booking site");
    }

    [Fact]
    public void Long_text_wraps_within_the_column_and_thirty_steps_widen_the_picture()
    {
        var bound = MapBinder.Unbound(SampleMaps.Long(32), TouchpointCatalogue.Empty);

        var svg = Svg(bound);

        ((double)svg.Attribute("width")!).ShouldBe(MapChart.LabelWidth + (32 * MapChart.ColumnWidth));
        foreach (var text in svg.Descendants(S + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("cell", StringComparison.Ordinal) == true).SelectMany(g => g.Descendants(S + "text")))
        {
            text.Value.Length.ShouldBeLessThanOrEqualTo(text.Attribute("font-weight") is null ? MapChart.CharsPerLine : MapChart.BoldCharsPerLine, text.Value);
        }

        Cells(svg, "Step").Count().ShouldBe(32);
        Cells(svg, "Step").First().Descendants(S + "text").Count().ShouldBeGreaterThan(1, "a long title wraps");
        Cells(svg, "Measured").First().Value.ShouldBe("unmeasured: not bound to data");
    }

    [Fact]
    public void Markup_quotes_and_ampersands_in_every_field_come_out_as_text_in_svg_html_and_mermaid()
    {
        var bound = MapBinder.Unbound(SampleMaps.HostileMap(), TouchpointCatalogue.Empty);

        var svg = MapChart.Render(bound);
        svg.ShouldNotContain("<script");
        svg.ShouldNotContain("<b>");
        var texts = XElement.Parse(svg).Descendants(S + "text").Select(t => t.Value).ToList();
        string.Concat(texts).ShouldContain("<script>alert(\"x\")");

        var html = new HtmlParser().ParseDocument(MapPage.Render(bound, DateTimeOffset.UnixEpoch, bound));
        html.QuerySelectorAll("script, b").Length.ShouldBe(0);
        html.Title.ShouldBe($"Journey map: {SampleMaps.Hostile}");
        html.Body!.TextContent.ShouldContain(SampleMaps.Hostile);
        html.QuerySelectorAll("td").Select(td => td.TextContent).ShouldContain(SampleMaps.Hostile);

        var mermaid = MermaidExport.Render(bound).Split('\n');
        mermaid.Where(l => l.StartsWith("      ", StringComparison.Ordinal)).ShouldAllBe(l => l.Count(c => c == ':') == 2, "a task is name: score: actors");
    }

    [Fact]
    public void Mermaid_gives_sections_per_phase_and_scores_from_the_emotion()
    {
        var bound = MapBinder.Unbound(SampleMaps.Read("airline-door-to-door.yaml"), TouchpointCatalogue.Empty);

        var lines = MermaidExport.Render(bound).Split('\n');

        lines[0].ShouldBe("journey");
        lines.Count(l => l.TrimStart().StartsWith("section ", StringComparison.Ordinal)).ShouldBe(bound.Map.Phases.Count);
        lines.ShouldContain("      Waits for the bags: 1: Family traveller, ground handling");
        lines.ShouldContain("      Sees an offer: 4: Family traveller, marketing");
    }
}
