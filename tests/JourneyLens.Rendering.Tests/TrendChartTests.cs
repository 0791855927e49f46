using System.Globalization;
using System.Xml.Linq;

namespace JourneyLens.Rendering.Tests;

public class TrendChartTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_panel_per_line_bands_over_runs_with_data_and_markers_only_inside_the_periods()
    {
        string[] periods = ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27"];
        var nps = new TrendLine("<b>nps</b>", [new(10, 0, 20, 50), default, new(30, 20, 40, 60), new(35, 25, 45, 70)], v => v.ToString("+0;-0;0", CultureInfo.InvariantCulture));
        var persons = new TrendLine("persons", [new(5, 5, 5, 5), new(7, 7, 7, 7), new(9, 9, 9, 9), new(4, 4, 4, 4)], v => v.ToString("N0", CultureInfo.InvariantCulture));

        var svg = XElement.Parse(TrendChart.Render("Per week", periods, "2025-02-03", [persons, nps],
            [("2025-01-15", "map: airline v2"), ("2024-12-01", "before"), ("2025-02-03", "after")]));

        var panels = svg.Elements(Ns + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        panels.Select(p => (string?)p.Attribute("data-line")).ShouldBe(["persons", "<b>nps</b>"]);
        panels[1].Descendants(Ns + "text").First().Value.ShouldBe("<b>nps</b>", "names are text, never markup");

        // The NPS has no value in week 2: two bands (week 1; weeks 3 and 4), three points.
        panels[1].Elements(Ns + "polygon").Count().ShouldBe(2);
        panels[1].Elements(Ns + "circle").Count().ShouldBe(3);
        panels[0].Elements(Ns + "circle").Count().ShouldBe(4);

        // The map saved on 15 January falls in the week of the 13th; changes outside the chart are left to the table.
        var markers = svg.Elements(Ns + "line").Where(l => (string?)l.Attribute("class") == "marker").ToList();
        markers.Count.ShouldBe(1);
        var secondPoint = panels[0].Elements(Ns + "circle").ElementAt(1);
        ((string)markers[0].Attribute("x1")!).ShouldBe((string)secondPoint.Attribute("cx")!);

        // Higher values are drawn higher: the NPS's week-4 point above its week-1 point.
        var npsPoints = panels[1].Elements(Ns + "circle").Select(c => double.Parse((string)c.Attribute("cy")!, CultureInfo.InvariantCulture)).ToList();
        npsPoints[2].ShouldBeLessThan(npsPoints[0]);
    }
}
