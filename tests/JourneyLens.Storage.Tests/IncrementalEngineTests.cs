using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Identity;
using JourneyLens.Ingest;
using JourneyLens.Storage.Engine;

namespace JourneyLens.Storage.Tests;

/// <summary>
/// An import brings the engine up to date from the one before it (its events kept, the persons stitching revisited
/// assigned again, the new rows added) instead of reading every event again: the table must be, column for column,
/// the one built from the database from scratch.
/// </summary>
public class IncrementalEngineTests
{
    [Fact]
    public void The_engine_brought_up_to_date_after_each_import_equals_the_one_built_from_scratch()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(2, 5).ToArbitrary(), (seed, batches) =>
        {
            // A first batch large beside the later ones, so that these revisit only the persons they touch.
            var log = IncrementalStitchingTests.RandomLog(seed, 250 + 12 * batches, pool: 120);
            var options = new ImportOptions { IdentityRules = new IdentityRules { MaxIdentifiersPerPerson = 3 } };
            using var ws = new TestWorkspace();
            ws.Import(ws.Temp.Write("first.csv", [IncrementalStitchingTests.Header, .. log[..250]]), options);
            Fresh(ws);
            for (var b = 0; b < batches; b++)
            {
                var rows = log[(250 + 12 * b)..(250 + 12 * (b + 1))];
                var summary = ws.Import(ws.Temp.Write($"batch{b}.csv", [IncrementalStitchingTests.Header, .. rows]), options);
                // After stitching everything (a merge into a large component can touch over a quarter of the
                // identifiers), the design builds the engine anew on the next load; otherwise it was brought up to date.
                if (!summary.StitchedEverything)
                {
                    using var workspace = Workspace.Open(ws.Folder, create: false);
                    EngineCache.TryRead(workspace.EngineCachePath, workspace.DataStamp).ShouldNotBeNull("the import brought the engine cache up to date");
                }

                var updated = Load(ws);
                var fresh = Fresh(ws);
                Differences(updated, fresh).ShouldBeEmpty();
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static EventTable Load(TestWorkspace ws)
    {
        using var workspace = Workspace.Open(ws.Folder, create: false);
        return new EngineLoader().Load(workspace).Events;
    }

    /// <summary>The table read from the database (the cache removed first; the load writes it again).</summary>
    private static EventTable Fresh(TestWorkspace ws)
    {
        File.Delete(Path.Combine(ws.Folder, "engine.cache"));
        return Load(ws);
    }

    private static List<string> Differences(EventTable a, EventTable b)
    {
        var differences = new List<string>();
        void Same<T>(string name, T[] x, T[] y)
        {
            if (!x.SequenceEqual(y))
            {
                differences.Add($"{name}: {string.Join(",", x.Take(40))} / {string.Join(",", y.Take(40))}");
            }
        }

        Same("touchpoint names", a.TouchpointNames, b.TouchpointNames);
        Same("channel names", a.ChannelNames, b.ChannelNames);
        Same("outcome names", a.OutcomeNames, b.OutcomeNames);
        Same("person start", a.PersonStart, b.PersonStart);
        Same("person keys", a.PersonKeyIdentifier, b.PersonKeyIdentifier);
        Same("row", a.RowId, b.RowId);
        Same("time", a.TimestampMs, b.TimestampMs);
        Same("offset", a.UtcOffsetMinutes, b.UtcOffsetMinutes);
        Same("touchpoint", a.Touchpoint, b.Touchpoint);
        Same("channel", a.Channel, b.Channel);
        Same("score type", a.ScoreType, b.ScoreType);
        Same("score", a.Score, b.Score);
        Same("about", a.About, b.About);
        Same("value", a.Value, b.Value);
        Same("outcome", a.Outcome, b.Outcome);
        Same("contact", a.Contact, b.Contact);
        return differences;
    }
}
