using JourneyLens.Ingest;
using JourneyLens.Storage;
using JourneyLens.Storage.Import;
using JourneyLens.Storage.Inbox;
using JourneyLens.Web.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JourneyLens.Web.Api;

/// <summary>What the last import of received batches did.</summary>
public sealed record InboxRound(DateTimeOffset Finished, int Batches, long Accepted, long Duplicates, long Quarantined, long IdentityMessages, string? QuarantineFile, string? Error)
{
    /// <summary>Messages read from the inbox in the round.</summary>
    public long Messages { get; init; }

    public double Seconds { get; init; }
}

/// <summary>
/// Folds the event batches received over HTTP into the workspace, every <see cref="WebSettings.ImportInterval"/>: the
/// waiting batches become one JSON-lines file and go through the ordinary importer (dedupe by event_id, identity
/// stitching, quarantine), then leave the inbox. Import is idempotent, so a crash between the two repeats nothing.
/// </summary>
public sealed class InboxImporter(WebSettings settings, Storage.Engine.EngineLoader engines, ILogger<InboxImporter> log) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public InboxRound? Last { get; private set; }

    private long _received;
    private long _imported;
    private double _messagesPerSecond;

    /// <summary>Messages accepted since the server started.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages imported (read from the inbox into the workspace) since the server started.</summary>
    public long Imported => Interlocked.Read(ref _imported);

    public void Receive(int messages) => Interlocked.Add(ref _received, messages);

    /// <summary>About how long the waiting messages take to import at the rate of the last round (1 to 60 s).</summary>
    public int SecondsToImport(long waiting) =>
        (int)Math.Clamp(Math.Ceiling(_messagesPerSecond > 0 ? waiting / _messagesPerSecond : settings.ImportInterval.TotalSeconds), 1, 60);

    /// <summary>Imports what waits now; returns null when nothing waited.</summary>
    public async Task<InboxRound?> RunOnceAsync(CancellationToken cancel = default)
    {
        await _one.WaitAsync(cancel);
        try
        {
            return await Task.Run(ImportWaiting, cancel);
        }
        finally
        {
            _one.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.ImportInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // A round that took a full load leaves more waiting: the next starts at once rather than a tick later.
                while (await RunOnceAsync(stoppingToken) is { } round && round.Messages >= settings.MaxMessagesPerImport && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The batches stay in the inbox and are tried again next round.
                log.LogError(e, "importing received event batches failed");
                Last = new InboxRound(settings.Clock.GetUtcNow(), 0, 0, 0, 0, 0, null, e.Message);
            }
        }
    }

    private InboxRound? ImportWaiting()
    {
        if (!Workspace.Exists(settings.Workspace))
        {
            return null;
        }

        using var workspace = Workspace.Open(settings.Workspace, create: false, settings.Clock);
        var batches = EventInbox.Oldest(workspace, settings.MaxMessagesPerImport);
        if (batches.Count == 0)
        {
            return null;
        }

        var folder = Path.Combine(workspace.Folder, "inbox");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"api-batches-{batches[0].Id}-{batches[^1].Id}.jsonl");
        try
        {
            using (var writer = new StreamWriter(file))
            {
                foreach (var batch in batches)
                {
                    writer.Write(batch.Jsonl);
                }
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var options = new ImportOptions { Format = InputFormat.Jsonl };
            InboxRound round;
            if (ClickHouse.ClusterWorkspace.Find(settings.Workspace) is { } cluster)
            {
                // The folder points at a cluster: the batches land there (the folder only keeps the inbox).
                var summary = ClickHouse.ClickHouseImport.Import(cluster, file, options, quarantineFolder: Workspace.QuarantineFolderOf(settings.Workspace));
                round = new InboxRound(settings.Clock.GetUtcNow(), batches.Count, summary.Accepted, summary.Duplicates, summary.Quarantined, 0, summary.QuarantineFile, null);
            }
            else
            {
                var summary = new Importer(workspace, engines).Import(file, options, new ImportSettings { MaySwitchJournal = false });
                log.LogInformation("import phases: {Phases}", string.Join(", ", summary.Phases.Select(p => $"{p.Key} {p.Value:0.00} s")));
                round = new InboxRound(settings.Clock.GetUtcNow(), batches.Count, summary.Accepted, summary.Duplicates, summary.Quarantined, summary.IdentityMessages, summary.QuarantineFile, null);
            }

            EventInbox.Remove(workspace, batches.Select(b => b.Id));
            var messages = batches.Sum(b => (long)b.Messages);
            Interlocked.Add(ref _imported, messages);
            _messagesPerSecond = messages / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
            log.LogInformation("imported {Messages} received messages in {Seconds:0.00} s", messages, clock.Elapsed.TotalSeconds);
            Last = round with
            {
                Messages = messages,
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            };
            return Last;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
