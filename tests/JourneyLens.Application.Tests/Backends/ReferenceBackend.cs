using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Registry;
using JourneyLens.Core.Analyses;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Application.Tests.Backends;

/// <summary>
/// A second backend behind the same seam, for tests only: it reads a workspace's events with plain SQL (no engine,
/// no cache) and computes the overview and the process map the obvious way, journey by journey. Only the final
/// arithmetic (<see cref="DurationStats"/>) is shared with the embedded backend, as a cluster backend would share it.
/// It answers the date range and journey gap of a scope; any other query or scope is not answered.
/// </summary>
internal sealed class ReferenceBackend(string workspaceFolder) : IAnalysisBackend
{
    private sealed record Event(int Person, long Ts, int Offset, string Touchpoint, string Channel);

    public TResult Answer<TResult>(IQuery<TResult> query)
    {
        if (query.Over.Scope.Where is not null || query.Over.Scope.Segment is not null || query.Over.Nodes.Kind != Core.Engine.NodeKind.Touchpoint)
        {
            throw new NotAnsweredException("reference", query.GetType());
        }

        var journeys = Journeys(query.Over.Scope);
        return query switch
        {
            StatsQuery => (TResult)(object)Overview(journeys),
            ProcessMapQuery { Share: 1.0 } map => (TResult)(object)ProcessMap(journeys, map.Clock),
            _ => throw new NotAnsweredException("reference", query.GetType()),
        };
    }

    public BreakdownResult<TResult> AnswerPerGroup<TResult>(IQuery<TResult> query) => throw new NotAnsweredException("reference", query.GetType());

    /// <summary>Each person's events in time, then input, order, cut where the gap between two is longer than the scope's (a gap of 0: never).</summary>
    private List<List<Event>> Journeys(Scopes.Scope scope)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(workspaceFolder, Storage.Workspace.DatabaseFile)};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ip.person_id, e.ts_ms, e.utc_offset_min, t.name, c.name
            FROM events e
            JOIN identifier_persons ip ON ip.identifier_id = e.identifier_id
            JOIN touchpoints t ON t.id = e.touchpoint_id
            JOIN channels c ON c.id = e.channel_id
            WHERE e.ts_ms >= $from AND e.ts_ms < $to
            ORDER BY ip.person_id, e.ts_ms, e.id
            """;
        command.Parameters.AddWithValue("$from", scope.FromMs ?? long.MinValue);
        command.Parameters.AddWithValue("$to", scope.ToMs ?? long.MaxValue);
        var journeys = new List<List<Event>>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var e = new Event(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4));
            var last = journeys.Count == 0 ? null : journeys[^1][^1];
            if (last is null || last.Person != e.Person || (scope.Gap > TimeSpan.Zero && e.Ts - last.Ts > scope.Gap.TotalMilliseconds))
            {
                journeys.Add([]);
            }

            journeys[^1].Add(e);
        }

        return journeys;
    }

    private static OverviewResult Overview(List<List<Event>> journeys)
    {
        var events = journeys.SelectMany((j, k) => j.Select(e => (Event: e, Journey: k))).ToList();
        var perChannel = events.GroupBy(x => x.Event.Channel)
            .Select(g => new ChannelVolume(g.Key, g.Count(), g.Select(x => x.Event.Person).Distinct().Count(), g.Select(x => x.Journey).Distinct().Count()))
            .OrderByDescending(v => v.Events).ThenBy(v => v.Channel, StringComparer.Ordinal).ToList();
        return new OverviewResult(
            events.Select(x => x.Event.Person).Distinct().Count(),
            journeys.Count,
            events.Count,
            perChannel.Count,
            events.Select(x => x.Event.Touchpoint).Distinct().Count(),
            events.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(events.Min(x => x.Event.Ts)),
            events.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(events.Max(x => x.Event.Ts)),
            perChannel);
    }

    private static ProcessMapResult ProcessMap(List<List<Event>> journeys, DurationClock clock)
    {
        var pairs = journeys.SelectMany((j, k) => j.Zip(j.Skip(1), (a, b) => (Journey: k, a.Touchpoint, Next: b.Touchpoint,
            Seconds: (b.Ts - a.Ts + (clock == DurationClock.Local ? (b.Offset - a.Offset) * 60_000L : 0)) / 1000.0))).ToList();
        var edges = pairs.GroupBy(p => (p.Touchpoint, p.Next))
            .Select(g => new ProcessEdge(g.Key.Touchpoint, g.Key.Next, g.Count(), g.Select(p => p.Journey).Distinct().Count(), DurationStats.Of(g.Select(p => p.Seconds).ToArray())))
            .OrderByDescending(e => e.Frequency).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        var nodes = journeys.SelectMany(j => j).GroupBy(e => e.Touchpoint).Select(g => new ProcessNode(g.Key, g.Count()))
            .OrderByDescending(n => n.Frequency).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        return new ProcessMapResult(journeys.Count, nodes, edges, Ends(journeys.Select(j => j[0])), Ends(journeys.Select(j => j[^1])));
    }

    private static Dictionary<string, long> Ends(IEnumerable<Event> events) =>
        events.GroupBy(e => e.Touchpoint).Select(g => (g.Key, Count: (long)g.Count()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Count);

    public void Dispose()
    {
    }
}
