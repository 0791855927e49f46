using JourneyLens.Storage.Inbox;
using JourneyLens.Testing;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Tests;

/// <summary>The inbox of batches received over HTTP is a database of its own; batches an earlier version left in the workspace move into it once.</summary>
public class InboxTests
{
    [Fact]
    public void Batches_waiting_in_the_workspace_database_move_to_the_inbox_once_and_are_not_doubled()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        using (Workspace.Open(folder, create: true))
        {
        }

        // As a version before this one left it: two batches waiting in the workspace database itself.
        using (var old = new SqliteConnection($"Data Source={Path.Combine(folder, Workspace.DatabaseFile)};Pooling=False"))
        {
            old.Open();
            using var insert = old.CreateCommand();
            insert.CommandText = "INSERT INTO inbox (id, received_utc, messages, body) VALUES (7, '2026-01-01T00:00:00Z', 1, 'a'), (8, '2026-01-01T00:00:01Z', 2, 'b')";
            insert.ExecuteNonQuery();
        }

        using (var workspace = Workspace.Open(folder, create: false))
        {
            EventInbox.Waiting(workspace).Messages.ShouldBe(3);
            EventInbox.Append(workspace, 4, "c").ShouldBe(9);
            workspace.Scalar<long>("SELECT count(*) FROM inbox").ShouldBe(0);
        }

        using (var workspace = Workspace.Open(folder, create: false))
        {
            EventInbox.Oldest(workspace, 100).Select(b => (b.Id, b.Jsonl)).ShouldBe([(7, "a"), (8, "b"), (9, "c")]);
        }

        File.Exists(Path.Combine(folder, Workspace.InboxFile)).ShouldBeTrue();
    }
}
