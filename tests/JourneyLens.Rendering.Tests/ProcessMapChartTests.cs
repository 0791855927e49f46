using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Rendering.Tests;

/// <summary>The drawn process map, parsed back: every touchpoint a box, every edge a path, the flow downwards, loops dashed.</summary>
public class ProcessMapChartTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private static ProcessEdge Edge(string from, string to, long frequency, double mean = 60) => new(from, to, frequency, frequency, new DurationStats(mean, mean, mean, mean, mean));

    private static readonly ProcessMapResult Map = new(10,
        [new ProcessNode("Search", 12), new ProcessNode("Compare & <choose>", 6), new ProcessNode("Book", 8), new ProcessNode("Pay", 8)],
        [Edge("Search", "Compare & <choose>", 6), Edge("Compare & <choose>", "Search", 2, 30), Edge("Search", "Book", 6), Edge("Compare & <choose>", "Book", 2), Edge("Book", "Pay", 8), Edge("Pay", "Pay", 0 + 1)],
        new Dictionary<string, long> { ["Search"] = 10 },
        new Dictionary<string, long> { ["Pay"] = 8, ["Search"] = 2 });

    private static (XElement Rect, string Name) Box(XElement g) => (g.Element(Ns + "rect")!, g.Elements(Ns + "text").First().Value);

    private static double At(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Boxes_edges_and_layers_follow_the_flow()
    {
        var doc = XDocument.Parse(ProcessMapChart.Render(Map));

        var boxes = doc.Descendants(Ns + "g").Where(g => (string?)g.Attribute("class") == "node").Select(Box).ToDictionary(b => b.Name, b => b.Rect);
        boxes.Keys.ShouldBe(["▶ start", "Search", "Compare & <choose>", "Book", "Pay", "■ end"], ignoreOrder: true);
        var edges = doc.Descendants(Ns + "path").Where(p => ((string?)p.Attribute("class"))?.StartsWith("edge", StringComparison.Ordinal) == true).ToList();
        edges.Count.ShouldBe(Map.Edges.Count + Map.Start.Count + Map.End.Count);

        // The main flow runs downwards; the loop back to Search and Pay's self-loop are drawn as back edges.
        At(boxes["▶ start"], "y").ShouldBeLessThan(At(boxes["Search"], "y"));
        At(boxes["Search"], "y").ShouldBeLessThan(At(boxes["Compare & <choose>"], "y"));
        At(boxes["Compare & <choose>"], "y").ShouldBeLessThan(At(boxes["Book"], "y"));
        At(boxes["Pay"], "y").ShouldBeLessThan(At(boxes["■ end"], "y"));
        edges.Count(e => (string?)e.Attribute("class") == "edge back").ShouldBe(2);

        // Boxes in the same layer do not overlap.
        foreach (var row in boxes.Values.GroupBy(b => At(b, "y")))
        {
            var sorted = row.OrderBy(b => At(b, "x")).ToList();
            sorted.Zip(sorted.Skip(1)).ShouldAllBe(p => At(p.First, "x") + At(p.First, "width") <= At(p.Second, "x"));
        }

        // The busiest edge is the thickest; names are text, never markup.
        var widest = edges.MaxBy(e => At(e, "stroke-width"))!;
        widest.Element(Ns + "title")!.Value.ShouldStartWith("▶ start → Search: 10 transitions");
        doc.Descendants(Ns + "choose").ShouldBeEmpty();
    }

    [Fact]
    public void Duration_labels_show_the_mean_time()
    {
        var doc = XDocument.Parse(ProcessMapChart.Render(Map, EdgeLabel.Duration));

        doc.Descendants(Ns + "text").Select(t => t.Value).ShouldContain("30 s");
        doc.Descendants(Ns + "text").Select(t => t.Value).ShouldContain("60 s");
    }
}
