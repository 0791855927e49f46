using System.Collections.Concurrent;
using System.Net;
using System.Text;
using JourneyLens.Ingest;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;

namespace JourneyLens.Web.Tests;

/// <summary>
/// Senders, readers, inbox rounds and a file import on one workspace at once: every acknowledged event is there exactly
/// once at the end, and no query fails while they run.
/// </summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly Testing.TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ingestion_analyses_and_an_import_at_once_lose_nothing_count_nothing_twice_and_fail_no_query()
    {
        var folder = _temp.File("ws");
        var file = _temp.Write("file.csv", ["customer_id,timestamp,touchpoint,channel", .. Enumerable.Range(0, 3_000).Select(i => $"f{i % 300},2025-02-01T{i % 24:00}:{i % 60:00}:00Z,Step {i % 5},store")]);
        await using var web = WebFactory.For(folder, requestsPerSecond: 100_000);
        using var client = web.CreateClient();
        const int senders = 4, batches = 15, perBatch = 40;
        var acknowledged = new ConcurrentBag<string>();
        var failedQueries = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        async Task Send(int sender)
        {
            for (var b = 0; b < batches; b++)
            {
                var ids = Enumerable.Range(0, perBatch).Select(i => $"s{sender}-b{b}-m{i}").ToList();
                var body = "{\"batch\": [" + string.Join(", ", ids.Select((id, i) =>
                    $"{{\"messageId\": \"{id}\", \"userId\": \"u{sender}-{i % 7}\", \"event\": \"Step {i % 4}\", \"timestamp\": \"2025-03-01T10:{i % 60:00}:00Z\", \"context\": {{\"channel\": \"app\"}}}}")) + "]}";
                var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    ids.ForEach(acknowledged.Add);
                }
            }
        }

        async Task Read()
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var url in new[] { "/api/stats", "/api/process-map", "/api/paths?top=3", "/" })
                {
                    var response = await client.GetAsync(url);
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
                    {
                        failedQueries.Add($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }

        async Task ImportRounds()
        {
            while (!stop.IsCancellationRequested)
            {
                await web.ImportReceived();
                await Task.Delay(20);
            }
        }

        ImportSummary? fileImport = null;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(Read)).ToList();
        var rounds = Task.Run(ImportRounds);
        var importer = Task.Run(async () =>
        {
            await Task.Delay(100);
            using var workspace = Workspace.Open(folder, create: true);
            fileImport = new Importer(workspace).Import(file, new ImportOptions(), new ImportSettings());
        });
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() => Send(s))));
        await importer;
        await stop.CancelAsync();
        await Task.WhenAll([rounds, .. readers]);
        await web.ImportReceived();

        failedQueries.ShouldBeEmpty();
        acknowledged.Count.ShouldBe(senders * batches * perBatch);
        fileImport!.Accepted.ShouldBe(3_000);
        using var open = Workspace.Open(folder, create: false);
        var events = new EngineLoader().Load(open).Events;
        events.EventCount.ShouldBe(acknowledged.Count + 3_000, "every acknowledged event once, and the file's");
    }
}
