using System.Diagnostics;
using System.Text;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>
/// An import killed at an arbitrary moment leaves the workspace as it was, and the next import works; a command killed
/// while it builds the engine cache never leaves a cache that gives a wrong answer.
/// </summary>
public class KillDuringImportTests
{
    private static string WriteLargeCsv(string path, int rows)
    {
        var text = new StringBuilder("event_id,timestamp,customer_id,channel,touchpoint,note\n");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < rows; i++)
        {
            text.Append("big-").Append(i).Append(',').Append(start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
                .Append(",C").Append(i % 5000).Append(i % 3 == 0 ? ",web,visit" : ",app,tap").Append(",row ").Append(i).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static Process StartImport(string file, string workspace) =>
        Process.Start(new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "journeylens.dll"), "import", file, "-w", workspace])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;

    /// <summary>
    /// A non-empty rollback journal means the import's write transaction is open: an import switches the workspace to a
    /// truncating rollback journal (BulkJournal). The WAL says nothing: it keeps its size after a commit until it is
    /// checkpointed, so a WAL left by opening the workspace once passed for the import's transaction on a slow machine.
    /// </summary>
    private static bool WriteInProgress(string workspace) =>
        new FileInfo(Path.Combine(workspace, "workspace.db-journal")) is { Exists: true, Length: > 0 };

    [Fact]
    public void Killing_an_import_midway_leaves_the_workspace_unchanged()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        var small = temp.Write("small.csv", "event_id,timestamp,customer_id,channel,touchpoint", "s1,2024-01-01T10:00:00Z,C1,web,home", "s2,2024-01-01T10:01:00Z,C1,web,pricing");
        Cli.Run("import", small, "-w", ws).ExitCode.ShouldBe(0);
        var big = WriteLargeCsv(temp.File("big.csv"), 600_000);

        // How long a whole import of this file takes, measured in a workspace of its own.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var full = StartImport(big, temp.File("ws-full")))
        {
            full.WaitForExit();
            full.ExitCode.ShouldBe(0, full.StandardError.ReadToEnd());
        }

        var duration = clock.Elapsed;

        // Kill an import of the same file partway through (the whole command also warms the engine after its commit).
        // Polling for the open transaction (not sleeping a fixed share of the duration) keeps this true on a loaded machine.
        // The journal must stay for two polls in a row, so the kill falls well inside the transaction.
        using var child = StartImport(big, ws);
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var seen = 0;
        while (seen < 2 && !child.HasExited && deadline.Elapsed < duration * 4 + TimeSpan.FromSeconds(10))
        {
            seen = WriteInProgress(ws) ? seen + 1 : 0;
            Thread.Sleep(20);
        }

        child.HasExited.ShouldBeFalse("the import finished before it could be killed");
        WriteInProgress(ws).ShouldBeTrue("the kill must fall inside the import's transaction");
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        var stats = Cli.Run("stats", "-w", ws, "-f", "csv");
        stats.ExitCode.ShouldBe(0, stats.Error);
        stats.Out.ShouldContain("events,2\n");
        stats.Out.ShouldContain("persons,1\n");
        var quarantine = Path.Combine(ws, "quarantine");
        (Directory.Exists(quarantine) ? Directory.GetFiles(quarantine, "*.partial") : []).ShouldBeEmpty();

        var again = Cli.Run("import", big, "-w", ws, "-f", "json");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.ShouldContain("\"accepted\": 600000");
        Cli.Run("stats", "-w", ws, "-f", "csv").Out.ShouldContain("events,600002\n");
    }

    [Fact]
    public void Killing_a_cache_build_at_any_moment_never_leaves_a_wrong_answer()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        Cli.Run("import", WriteLargeCsv(temp.File("big.csv"), 300_000), "-w", ws).ExitCode.ShouldBe(0);
        var cache = Path.Combine(ws, "engine.cache");

        Process Stats() => Process.Start(new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "journeylens.dll"), "stats", "-w", ws])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;

        File.Delete(cache);
        var clock = Stopwatch.StartNew();
        using (var whole = Stats())
        {
            whole.WaitForExit();
            whole.ExitCode.ShouldBe(0, whole.StandardError.ReadToEnd());
        }

        var duration = clock.Elapsed;
        foreach (var share in new[] { 0.2, 0.5, 0.7, 0.85, 0.95 })
        {
            File.Delete(cache);
            using (var child = Stats())
            {
                Thread.Sleep(duration * share);
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }

            var stats = Cli.Run("stats", "-w", ws, "-f", "csv");
            stats.ExitCode.ShouldBe(0, stats.Error);
            stats.Out.ShouldContain("events,300000\n", customMessage: $"killed at {share:P0} of a build");
        }

        // The next build removes what killed builders left behind.
        File.Delete(cache);
        Cli.Run("stats", "-w", ws).ExitCode.ShouldBe(0);
        Directory.GetFiles(ws, "engine.cache.*.partial").ShouldBeEmpty();
    }
}
