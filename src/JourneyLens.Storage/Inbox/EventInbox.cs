using System.Globalization;

namespace JourneyLens.Storage.Inbox;

/// <summary>A batch of messages received over HTTP, as the JSON lines the importer reads.</summary>
public sealed record InboxBatch(long Id, int Messages, string Jsonl);

/// <summary>
/// Event batches received over HTTP wait here (<see cref="Workspace.Inbox"/>, a database of its own) until the next
/// import folds them into the workspace. Writing a batch is one INSERT (atomic: all of it or none, synced before the
/// 202), so receiving stays fast while an import runs over many batches at once.
/// </summary>
public static class EventInbox
{
    public static long Append(Workspace workspace, int messages, string jsonl)
    {
        using var cmd = workspace.Inbox.CreateCommand();
        cmd.CommandText = "INSERT INTO inbox (received_utc, messages, body) VALUES ($at, $n, $body) RETURNING id";
        cmd.Parameters.AddWithValue("$at", workspace.Now());
        cmd.Parameters.AddWithValue("$n", messages);
        cmd.Parameters.AddWithValue("$body", jsonl);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The oldest waiting batches, up to about <paramref name="maxMessages"/> messages (at least one batch).</summary>
    public static IReadOnlyList<InboxBatch> Oldest(Workspace workspace, int maxMessages)
    {
        using var cmd = workspace.Inbox.CreateCommand();
        cmd.CommandText = "SELECT id, messages, body FROM inbox ORDER BY id";
        using var reader = cmd.ExecuteReader();
        var batches = new List<InboxBatch>();
        var total = 0;
        while (reader.Read() && (batches.Count == 0 || total < maxMessages))
        {
            var batch = new InboxBatch(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2));
            batches.Add(batch);
            total += batch.Messages;
        }

        return batches;
    }

    /// <summary>Removes batches once imported. Importing is idempotent, so a crash before this only repeats work.</summary>
    public static void Remove(Workspace workspace, IEnumerable<long> ids)
    {
        using var transaction = workspace.Inbox.BeginTransaction();
        using var cmd = workspace.Inbox.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "DELETE FROM inbox WHERE id = $id";
        var id = cmd.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
        foreach (var value in ids)
        {
            id.Value = value;
            cmd.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>What waits to be imported, and when the oldest of it was received (null: nothing waits).</summary>
    public static (int Batches, long Messages, DateTimeOffset? Oldest) Waiting(Workspace workspace)
    {
        using var cmd = workspace.Inbox.CreateCommand();
        cmd.CommandText = "SELECT count(*), coalesce(sum(messages), 0), min(received_utc) FROM inbox";
        using var reader = cmd.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt64(1),
            reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }
}
