using JourneyLens.Core.Engine;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Engine;

/// <summary>
/// Brings the engine's table up to date after an import without reading every event from the database again: the
/// events it held stay (under their persons' new slots), only the events of persons whose stitching was revisited
/// are assigned again by their identifiers, and the import's new rows are read and added. The table is then sorted
/// as one built from scratch (person, time, row id); a property test holds the two to the same columns.
/// </summary>
internal static class EngineUpdate
{
    /// <summary>
    /// The table of the workspace as it stands in <paramref name="transaction"/>, from <paramref name="old"/> (the table before the import) and the
    /// identifiers whose persons stitching revisited; null when names were renumbered and only a rebuild will do.
    /// </summary>
    public static EventTable? Apply(Workspace workspace, SqliteTransaction transaction, EventTable old, IReadOnlySet<long> revisited)
    {
        var connection = workspace.Connection;
        var (touchpointNames, touchpointCode) = EngineLoader.Dictionary(connection, "touchpoints", transaction: transaction);
        var (channelNames, channelCode) = EngineLoader.Dictionary(connection, "channels", transaction: transaction);
        var (outcomeNames, outcomeCode) = EngineLoader.Dictionary(connection, "outcomes", reserveZero: true, transaction);
        if (!Extends(touchpointNames, old.TouchpointNames) || !Extends(channelNames, old.ChannelNames) || !Extends(outcomeNames, old.OutcomeNames))
        {
            return null; // names are only ever added, so this is a table of another database
        }

        var persons = Queries.PersonSlots.Read(workspace);
        var slotOfPerson = persons.SlotOfPersonId();
        var slotOfKey = new Dictionary<long, int>(persons.KeyIdentifiers.Length);
        for (var s = 0; s < persons.KeyIdentifiers.Length; s++)
        {
            slotOfKey[persons.KeyIdentifiers[s]] = s;
        }

        using var slots = new IdentifierSlots(connection, slotOfPerson);
        var lastRow = old.EventCount == 0 ? 0 : old.RowId.Max();
        // Sized for the new rows too (row ids only grow): growing ten million rows to add a hundred thousand costs more than the rest.
        var builder = new EventTableBuilder(old.EventCount + (int)Math.Max(0, workspace.Scalar<long>("SELECT coalesce(max(id), 0) FROM events", transaction) - lastRow) + 16);
        for (var p = 0; p < old.PersonCount; p++)
        {
            var key = old.PersonKeyIdentifier[p];
            // A person stitching did not revisit is the same person now, found by its key identifier.
            var moved = revisited.Contains(key);
            var slot = -1;
            if (!moved && !slotOfKey.TryGetValue(key, out slot))
            {
                return null;
            }

            for (var i = old.PersonStart[p]; i < old.PersonStart[p + 1]; i++)
            {
                var row = old.RowId[i];
                builder.Add(row, moved ? slots.OfRow(row) : slot, old.TimestampMs[i], old.UtcOffsetMinutes[i], old.Touchpoint[i], old.Channel[i],
                    old.ScoreType[i], old.Score[i], old.About[i], old.Value[i], old.Outcome[i], old.Contact[i]);
            }
        }

        EngineLoader.AddRows(connection, $"WHERE id > {lastRow} ORDER BY id", builder, slots.OfIdentifier, new EngineLoader.Codes(touchpointCode, channelCode, outcomeCode));
        return builder.Build(touchpointNames, channelNames, outcomeNames, persons.KeyIdentifiers);
    }

    private static bool Extends(string[] now, string[] before) => now.Length >= before.Length && now.AsSpan(0, before.Length).SequenceEqual(before);

    /// <summary>The person slot of an identifier, or of the identifier of an event row, looked up by primary key.</summary>
    private sealed class IdentifierSlots(SqliteConnection connection, int[] slotOfPerson) : IDisposable
    {
        private readonly RawStatement _person = new(connection, "SELECT person_id FROM identifier_persons WHERE identifier_id = ?");
        private readonly RawStatement _identifier = new(connection, "SELECT identifier_id FROM events WHERE id = ?");
        private readonly Dictionary<long, int> _known = [];

        public int OfIdentifier(long identifier)
        {
            if (_known.TryGetValue(identifier, out var slot))
            {
                return slot;
            }

            _person.Reset();
            _person.Bind(1, identifier);
            if (!_person.Read())
            {
                throw new InvalidOperationException($"identifier {identifier} has no person");
            }

            slot = slotOfPerson[_person.Int64(0)];
            _known[identifier] = slot;
            return slot;
        }

        public int OfRow(long row)
        {
            _identifier.Reset();
            _identifier.Bind(1, row);
            if (!_identifier.Read())
            {
                throw new InvalidOperationException($"event row {row} is gone");
            }

            return OfIdentifier(_identifier.Int64(0));
        }

        public void Dispose()
        {
            _person.Dispose();
            _identifier.Dispose();
        }
    }
}
