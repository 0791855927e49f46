using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Tests.Experience;

public class ConsistencyTests
{
    private static readonly string[] Touchpoints = ["start", "done", "other"];
    private static readonly string[] ChannelNames = ["web", "app", "phone"];

    /// <summary>Web: 40 attempts, 30 done after 60 s; app: 40 attempts, 10 done after 120 s and 8 calls within the window.</summary>
    [Fact]
    public void Each_channel_is_counted_and_tested_against_the_others()
    {
        var builder = new EventTableBuilder();
        var row = 0;
        void Add(int person, long ts, int touchpoint, int channel) => builder.Add(row++, person, ts, 0, touchpoint, (ushort)channel, ScoreType.None, 0, EventTable.NoAbout, double.NaN, 0);
        for (var p = 0; p < 80; p++)
        {
            var onApp = p >= 40;
            Add(p, 0, 0, onApp ? 1 : 0);
            if ((!onApp && p < 30) || (onApp && p < 50))
            {
                Add(p, onApp ? 120_000 : 60_000, 1, onApp ? 1 : 0);
            }

            if (onApp && p >= 72)
            {
                Add(p, 200_000, 2, 2);
            }
        }

        var table = builder.Build(Touchpoints, ChannelNames, [""], new long[80]);
        var engine = new JourneyEngine(table, JourneyIndex.Cut(table, TimeSpan.FromDays(30)));

        var result = Consistency.Compute(engine, new ConsistencyRequest(["start"], ["done"], TimeSpan.FromHours(1), ChannelClasses.Default));

        var web = result.Channels.Single(c => c.Channel == "web");
        var app = result.Channels.Single(c => c.Channel == "app");
        (web.Attempts, app.Attempts).ShouldBe((40, 40));
        web.Completion.Value.ShouldBe(0.75);
        app.Completion.Value.ShouldBe(0.25);
        app.CompletionVsRest.ShouldBe(Significance.Proportions(30, 40, 10, 40));
        (web.MedianSecondsToCompletion, app.MedianSecondsToCompletion).ShouldBe((60.0, 120.0));
        app.TimeVsRest.P.ShouldBeLessThan(0.001);
        app.RepeatContact.Value.ShouldBe(0.2);
        web.RepeatContact.Value.ShouldBe(0);
    }
}
