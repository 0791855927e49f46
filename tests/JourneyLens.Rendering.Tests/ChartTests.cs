using System.Xml.Linq;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Rendering.Tests;

/// <summary>The pictures are parsed back as SVG and checked: shapes, sizes in proportion, names as text only.</summary>
public class ChartTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg)
    {
        var doc = XDocument.Parse(svg);
        doc.Root!.Name.ShouldBe(Ns + "svg");
        return doc;
    }

    [Fact]
    public void The_funnel_has_a_bar_per_step_in_proportion_and_escapes_names()
    {
        var funnel = new FunnelResult(FunnelOrder.Ordered, FunnelUnit.Persons, 100,
        [
            new FunnelStepResult("Added to cart", 100, 1, 1, 0, null, null),
            new FunnelStepResult("<script>alert(1)</script>", 50, 0.5, 0.5, 50, 60, 70),
        ]);

        var doc = Parse(FunnelChart.Render(funnel));

        var bars = doc.Descendants(Ns + "rect").Where(r => (string?)r.Attribute("fill") != "#eeeeee").ToList();
        bars.Count.ShouldBe(2);
        double.Parse(bars[1].Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(double.Parse(bars[0].Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture) / 2, 0.01);
        doc.Descendants(Ns + "script").ShouldBeEmpty();
        doc.Descendants(Ns + "text").Select(t => t.Value).ShouldContain("<script>alert(1)</script>");
    }

    [Fact]
    public void The_sankey_has_a_bar_per_node_and_a_band_per_edge_as_wide_as_its_journeys()
    {
        var sankey = new Sankey(
        [
            new SankeyNode(0, "home", 30), new SankeyNode(0, "search & \"compare\"", 10),
            new SankeyNode(1, "checkout", 30), new SankeyNode(1, Paths.End, 10),
            new SankeyNode(2, Paths.End, 30),
        ],
        [
            new SankeyEdge(0, "home", "checkout", 20), new SankeyEdge(0, "search & \"compare\"", "checkout", 10), new SankeyEdge(0, "home", Paths.End, 10),
            new SankeyEdge(1, "checkout", Paths.End, 30),
        ]);

        var doc = Parse(SankeyChart.Render(sankey));

        doc.Descendants(Ns + "rect").Count().ShouldBe(5);
        var bands = doc.Descendants(Ns + "path").ToList();
        bands.Count.ShouldBe(4);
        var widths = bands.Select(b => double.Parse(b.Attribute("stroke-width")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        widths[0].ShouldBe(2 * widths[1], 0.05);
        doc.Descendants(Ns + "text").Select(t => t.Value).ShouldContain("search & \"compare\" (10)");
    }
}
