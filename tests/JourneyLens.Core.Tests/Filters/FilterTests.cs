using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Filters;
using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Tests.Filters;

public class FilterTests
{
    /// <summary>Three events: web home (no score), app checkout with NPS 9 and value 10, phone call with NPS 3.</summary>
    private static EventTable Table()
    {
        var builder = new EventTableBuilder();
        builder.Add(1, 0, 0, 0, touchpoint: 0, channel: 0, ScoreType.None, 0, EventTable.NoAbout, double.NaN, 0);
        builder.Add(2, 0, 1, 0, touchpoint: 1, channel: 1, ScoreType.Nps, 9, EventTable.NoAbout, 10, 0);
        builder.Add(3, 1, 2, 0, touchpoint: 2, channel: 2, ScoreType.Nps, 3, EventTable.NoAbout, double.NaN, 1);
        return builder.Build(["home", "checkout", "call"], ["web", "app", "phone"], ["", "resolved"], new long[2]);
    }

    private static readonly Dictionary<string, string?[]> Properties = new() { ["persona"] = ["family", "family", null], ["size"] = ["3", "3", "12"] };

    private static int[] Matching(string filter)
    {
        var table = Table();
        var expression = FilterParser.Parse(filter);
        var predicate = FilterEvaluator.Compile(expression, table, Properties);
        return Enumerable.Range(0, table.EventCount).Where(predicate).Select(i => table.RowId[i]).ToArray();
    }

    [Theory]
    [InlineData("channel = 'web'", new[] { 1 })]
    [InlineData("channel in ('app','web')", new[] { 1, 2 })]
    [InlineData("channel not in ('app','web')", new[] { 3 })]
    [InlineData("score >= 9", new[] { 2 })]
    [InlineData("score < 9", new[] { 3 })] // no score is no match, not a match of "< 9"
    [InlineData("score_type = 'nps' and not touchpoint = 'call'", new[] { 2 })]
    [InlineData("value > 5 or outcome = 'resolved'", new[] { 2, 3 })]
    [InlineData("prop.persona = 'family' and (channel = 'web' or channel = 'phone')", new[] { 1 })]
    [InlineData("prop.persona != 'family'", new int[0])] // a missing property matches nothing
    [InlineData("prop.size > 5", new[] { 3 })] // compared as a number, not as text ('12' < '3')
    [InlineData("touchpoint = 'it''s'", new int[0])]
    public void Filters_select_the_events_they_describe(string filter, int[] rows) => Matching(filter).ShouldBe(rows);

    [Theory]
    [InlineData("chanel = 'web'", "'chanel' where a field was expected")]
    [InlineData("channel = web", "'web' where a value")]
    [InlineData("channel = 'web' and", "the end of the filter where a field was expected")]
    [InlineData("channel = 'web", "a quoted text that is never closed at position 11")]
    [InlineData("(channel = 'web'", "the end of the filter where ')' was expected")]
    [InlineData("channel = 'web' channel = 'app'", "where the filter should end (missing 'and' or 'or'?)")]
    [InlineData("score = 'high'", "score is a number")]
    [InlineData("channel ~ 'web'", "unexpected character '~'")]
    public void Bad_filters_say_where_and_what_was_expected(string filter, string message) =>
        Should.Throw<AnalysisException>(() => Matching(filter)).Message.ShouldContain(message);

    [Fact]
    public void A_segment_keeps_every_event_of_the_persons_with_a_matching_event()
    {
        var table = Table();
        var segment = EventTableFilter.PersonsWithAny(table, FilterEvaluator.Compile(FilterParser.Parse("touchpoint = 'checkout'"), table, Properties));

        segment.RowId.ShouldBe([1, 2]);
        segment.PersonCount.ShouldBe(2);
        (segment.PersonStart[2] - segment.PersonStart[1]).ShouldBe(0);
    }
}
