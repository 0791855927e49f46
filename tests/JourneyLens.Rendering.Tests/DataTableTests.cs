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
