using System.Text;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>One event row as it is written to the <c>events</c> table.</summary>
internal struct EventRow
{
    public long Id, ImportId, DedupeKey, TimestampMs, IdentifierId, ChannelId, TouchpointId, SourceLine;
    public int UtcOffsetMinutes;
    public int ScoreType;
    public int? Score;
    public long? AboutId, OutcomeId;
    public double? Value;
    public string? EventId;
    public string? ContactId;

    /// <summary>The free properties as UTF-8 JSON, bound as they are.</summary>
    public byte[]? Properties;
}

/// <summary>Inserts event rows many per statement: one statement per row would cost more than the rows themselves.</summary>
internal sealed class EventInserter : IDisposable
{
    private const int Columns = 17;
    private const int BatchRows = 64;
    private const string Insert = "INSERT INTO events (id, import_id, dedupe_key, ts_ms, utc_offset_min, identifier_id, channel_id, touchpoint_id, score_type, score, about_id, value, outcome_id, event_id, source_line, props, contact_id) VALUES ";

    private readonly RawStatement _batch;
    private readonly RawStatement _single;
    private readonly EventRow[] _pending = new EventRow[BatchRows];
    private int _count;

    public EventInserter(SqliteConnection connection)
    {
        _batch = new RawStatement(connection, Sql(BatchRows));
        _single = new RawStatement(connection, Sql(1));
    }

    public void Add(in EventRow row)
    {
        _pending[_count++] = row;
        if (_count == BatchRows)
        {
            Run(_batch, _pending);
            _count = 0;
        }
    }

    /// <summary>Writes the rows still buffered.</summary>
    public void Flush()
    {
        foreach (var row in _pending.AsSpan(0, _count))
        {
            Run(_single, new ReadOnlySpan<EventRow>(in row));
        }

        _count = 0;
    }

    private static void Run(RawStatement stmt, ReadOnlySpan<EventRow> rows)
    {
        var p = 1;
        foreach (ref readonly var r in rows)
        {
            stmt.Bind(p++, r.Id);
            stmt.Bind(p++, r.ImportId);
            stmt.Bind(p++, r.DedupeKey);
            stmt.Bind(p++, r.TimestampMs);
            stmt.Bind(p++, r.UtcOffsetMinutes);
            stmt.Bind(p++, r.IdentifierId);
            stmt.Bind(p++, r.ChannelId);
            stmt.Bind(p++, r.TouchpointId);
            stmt.Bind(p++, r.ScoreType);
            stmt.Bind(p++, (long?)r.Score);
            stmt.Bind(p++, r.AboutId);
            stmt.Bind(p++, r.Value);
            stmt.Bind(p++, r.OutcomeId);
            stmt.Bind(p++, r.EventId);
            stmt.Bind(p++, r.SourceLine);
            stmt.BindUtf8(p++, r.Properties);
            stmt.Bind(p++, r.ContactId);
        }

        stmt.Execute();
    }

    private static string Sql(int rows)
    {
        var sql = new StringBuilder(Insert);
        var row = "(" + string.Join(',', Enumerable.Repeat("?", Columns)) + ")";
        sql.AppendJoin(',', Enumerable.Repeat(row, rows));
        return sql.ToString();
    }

    public void Dispose()
    {
        _batch.Dispose();
        _single.Dispose();
    }
}
