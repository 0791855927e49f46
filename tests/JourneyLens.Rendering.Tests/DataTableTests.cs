using JourneyLens.Rendering.Tables;

namespace JourneyLens.Rendering.Tests;

public class DataTableTests
{
    [Fact]
    public void For_people_durations_read_in_their_unit_and_whole_numbers_get_thousands_separators_while_the_data_stays()
    {
        var data = new DataTable("Paths", ["journeys", "share", "median duration s", "path"],
        [
            ["41504", "9.5%", "41504", "home → 12345"],
            ["-1200", "0.5%", "90", "x"],
            ["7", "", "", "y"],
        ])
        { NumericColumns = new HashSet<int> { 0, 1, 2 }, DurationColumns = new HashSet<int> { 2 } };

        var people = data.ForPeople();

        people.Columns.ShouldBe(["journeys", "share", "median duration", "path"]);
        people.Rows[0].ShouldBe(["41,504", "9.5%", "11.5 h", "home → 12345"]);
        people.Rows[1].ShouldBe(["-1,200", "0.5%", "90 s", "x"]);
        people.Rows[2].ShouldBe(["7", "", "", "y"]);
        data.Rows[0][2].ShouldBe("41504", "the data itself (CSV, JSON) keeps seconds");
    }
}

public class ResultFragmentTests
{
    [Fact]
    public void On_the_web_persons_link_to_their_timeline_and_a_long_table_is_cut_with_a_note()
    {
        var rows = Enumerable.Range(0, 600).Select(i => (IReadOnlyList<string>)[i == 0 ? "email:<b>ann</b>@x.nl" : $"customer_id:C{i}"]).ToList();
        var table = new DataTable("Dropped", ["person"], rows) { PersonColumns = new HashSet<int> { 0 } };
        var tools = new ResultFragment.WebTools(null, _ => null, p => "/person?id=" + Uri.EscapeDataString(p), 500);

        var html = ResultFragment.Element(null, [table], tools);

        var links = html.Descendants("a").ToList();
        links.Count.ShouldBe(500);
        links[0].Value.ShouldBe("email:<b>ann</b>@x.nl");
        ((string)links[0].Attribute("href")!).ShouldBe("/person?id=email%3A%3Cb%3Eann%3C%2Fb%3E%40x.nl");
        html.ToString().ShouldContain("The first 500 of 600 rows");
        html.ToString().ShouldNotContain("<b>ann");

        // Without the web's tools (the report, --format html): every row, no links.
        var plain = ResultFragment.Element(null, [table]);
        plain.Descendants("a").ShouldBeEmpty();
        plain.Descendants("tr").Count().ShouldBe(601);
    }
}
