using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using JourneyLens.Application.Registry;
using JourneyLens.Storage;
using JourneyLens.Storage.Inbox;
using JourneyLens.Storage.Maps;
using JourneyLens.Web;
using JourneyLens.Web.Api;
using JourneyLens.Web.Hosting;
using Microsoft.Extensions.Hosting;

namespace JourneyLens.Bench;

/// <summary>
/// The web app under load, through the real server on loopback: every analysis endpoint on a large workspace (cold,
/// then the median of three warm requests), and ingestion of Segment-style batches of 500 into a fresh workspace
/// (received per second, and imported end to end).
/// </summary>
internal static class WebFigures
{
    private static readonly Dictionary<string, string> s_queries = new()
    {
        ["funnel"] = "step=Searched%20flights&step=Booked%20flight&window=7d",
        ["attribution"] = "goal=Booked%20flight",
        ["consistency"] = "task=Searched%20flights%3EBooked%20flight",
        ["compare"] = "metric=nps&baseline-to=2025-04-01&current-from=2025-04-01",
        ["paths"] = "end=Called%20contact%20centre",
        ["pain-persons"] = "pain=slow-belt&map=airline-door-to-door",
        ["persons"] = "where=touchpoint%20%3D%20%27Called%20contact%20centre%27",
        ["trend"] = "every=week&metric=nps",
    };

    /// <summary>The pages a CX manager lives in (issue #21), timed as a browser asks for them (HTML, forms and filter aids included).</summary>
    private static readonly string[] s_pages =
    [
        "/", "/trend?every=week&metric=nps", "/paths", "/process-map", "/segments", "/personas", "/views", "/opportunities/board",
        "/maps/airline-door-to-door", "/maps/airline-door-to-door?personas=business&personas=budget", "/maps/new", "/maps/airline-door-to-door/about",
        "/maps/airline-door-to-door/item?list=steps&item=book", "/painpoints?map=airline-door-to-door", "/pain-persons?map=airline-door-to-door&pain=slow-belt",
        "/persons?where=touchpoint+%3D+%27Called+contact+centre%27", "/paths?segment=prop.persona+%3D+%27family%27",
    ];

    public static async Task<int> Run(string[] args)
    {
        var workspace = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "journeylens-bench", "ws");
        var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500_000;
        var mode = args.Length > 2 ? args[2] : "all";
        if (mode != "ingestion-only" && !mode.StartsWith("ingestion-into:", StringComparison.Ordinal))
        {
            // "endpoints:compare,person" times only those endpoints (and skips ingestion).
            var only = mode.StartsWith("endpoints:", StringComparison.Ordinal) ? mode["endpoints:".Length..].Split(',') : null;
            await Endpoints(workspace, only);
        }

        if (mode is "all" or "ingestion-only")
        {
            await Ingestion(events, null);
        }

        if (mode.StartsWith("ingestion-into:", StringComparison.Ordinal))
        {
            // "ingestion-into:FOLDER": into a copy of the workspace in FOLDER (issue #22: one that already holds 10 M events).
            await Ingestion(events, mode["ingestion-into:".Length..]);
        }
        return 0;
    }

    private static async Task<(IHost Host, HttpClient Client)> Start(WebSettings settings)
    {
        var (host, url) = await WebServer.StartOnFreePortAsync(settings);
        return (host, new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) });
    }

    private static async Task Endpoints(string workspace, string[]? only)
    {
        using (var open = Workspace.Open(workspace, create: false))
        {
            // Hand-offs and the map need the airline catalogue (owners, phases) beside the generated events.
            if (Storage.Catalogue.CatalogueStore.Load(open).Touchpoints.Count == 0)
            {
                Storage.Catalogue.CatalogueStore.Save(open, Generation.Scenario.Find("airline").CatalogueYaml(), "airline.touchpoints.yaml");
            }

            if (MapStore.Find(open, "airline-door-to-door") is null)
            {
                MapStore.Save(open, "airline-door-to-door", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "airline-door-to-door.yaml")));
            }

            // The airline's travellers as personas, as the demo saves them: the map is bound to the family's.
            var segments = new Application.Saved.SavedSegments(workspace);
            foreach (var persona in new[] { "family", "business", "budget" })
            {
                segments.Personas.Save(persona, null, null, [], $"prop.persona = '{persona}'", segments, DateTimeOffset.UtcNow);
            }
        }

        var (host, client) = await Start(new WebSettings { Workspace = workspace, RequestsPerSecond = 100_000 });
        using var _ = host;
        Console.WriteLine($"| endpoint (on {workspace}) | first (s) | warm median of 3 (s) | status |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var analysis in AnalysisRegistry.All.Where(a => only is null || only.Contains(a.Name)))
        {
            var argument = analysis.Argument?.Name switch { "map" => "/airline-door-to-door", "id" => "/anon-1-1", "field" => "/prop.persona", _ => "" };
            var url = $"/api/{analysis.Name}{argument}?{s_queries.GetValueOrDefault(analysis.Name, "")}";
            var (first, status) = await Time(client, url);
            var warm = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                warm.Add((await Time(client, url)).Seconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GET {url} | {first:0.00} | {warm.Order().ElementAt(1):0.00} | {status} |"));
        }

        foreach (var page in s_pages.Where(_ => only is null))
        {
            var (first, status) = await Time(client, page);
            var warm = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                warm.Add((await Time(client, page)).Seconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| page {page} | {first:0.00} | {warm.Order().ElementAt(1):0.00} | {status} |"));
        }

        await host.StopAsync();
    }

    private static async Task<(double Seconds, int Status)> Time(HttpClient client, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        return (clock.Elapsed.TotalSeconds, (int)response.StatusCode);
    }

    private static async Task Ingestion(int events, string? into)
    {
        const int BatchSize = 500, Senders = 4;
        var folder = Path.Combine(Path.GetTempPath(), "journeylens-bench-ingest");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        if (into is not null)
        {
            CopyFolder(into, folder);
        }

        var settings = new WebSettings { Workspace = folder, RequestsPerSecond = 100_000 };
        var (host, client) = await Start(settings);
        using var _ = host;
        var before = await Events(client); // also loads the engine, as a server in use has it
        var bodies = Enumerable.Range(0, events / BatchSize).Select(Batch).ToList();
        var latencies = new double[bodies.Count];
        var next = -1;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        var sending = Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                while (true)
                {
                    using var content = new ByteArrayContent(bodies[i]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    var sent = clock.Elapsed.TotalSeconds;
                    using var response = await client.PostAsync("/api/events", content);
                    latencies[i] = clock.Elapsed.TotalSeconds - sent;
                    if ((int)response.StatusCode == 202)
                    {
                        break;
                    }

                    // Back-pressure: a well-behaved sender waits as long as the server asks, then sends the batch again.
                    if ((int)response.StatusCode == 429 && response.Headers.RetryAfter?.Delta is { } wait)
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(wait);
                        continue;
                    }

                    throw new InvalidOperationException($"batch {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));

        // While sending: how far behind what an analysis sees is (events answered by /api/stats), sampled.
        var lags = new List<(double At, long Visible)>();
        while (!sending.IsCompleted)
        {
            lags.Add((clock.Elapsed.TotalSeconds, await Events(client) - before));
            await Task.WhenAny(sending, Task.Delay(1000));
        }

        await sending;
        var received = clock.Elapsed.TotalSeconds;
        var sentEvents = bodies.Count * BatchSize;
        while (true)
        {
            using var workspace = Workspace.Open(folder, create: false);
            if (EventInbox.Waiting(workspace).Messages == 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        var imported = clock.Elapsed.TotalSeconds;
        while (await Events(client) - before < sentEvents)
        {
            await Task.Delay(100);
        }

        var queryable = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine();
        Console.WriteLine($"into {(into is null ? "a new workspace" : $"a copy of {into} ({before:N0} events)")}");
        Console.WriteLine("| ingestion over loopback | events | seconds | events/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| received (202, checked, in the inbox), {Senders} senders, batches of {BatchSize} | {sentEvents:N0} | {received:0.0} | {sentEvents / received:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| imported (stitched, in the workspace) | {sentEvents:N0} | {imported:0.0} | {sentEvents / imported:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| queryable (counted by /api/stats) | {sentEvents:N0} | {queryable:0.0} | {sentEvents / queryable:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch latency (POST to 202): median {latencies[latencies.Length / 2] * 1000:0} ms, p99 {latencies[(int)(latencies.Length * 0.99)] * 1000:0} ms, max {latencies[^1] * 1000:0} ms"));
        // The lag of what analyses see behind what was acknowledged: at each sample, the time since the last event then visible was acknowledged.
        var lagSeconds = lags.Select(l => l.At - (double)l.Visible / sentEvents * received).Where(l => l > 0).DefaultIfEmpty(0).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lag of analyses behind acknowledged events while sending (estimated at a steady send rate): median {lagSeconds.Order().ElementAt(lagSeconds.Count / 2):0.0} s, max {lagSeconds.Max():0.0} s; after the last 202: {queryable - received:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batches refused with 429 (inbox full) and sent again after Retry-After: {refused:N0}"));
        // Minute by minute while sending: the events that became queryable, to see whether the rate falls as the workspace grows.
        var (previous, previousAt) = (0L, 0.0);
        foreach (var minute in lags.GroupBy(l => (int)(l.At / 60)).Select(g => g.Last()))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"minute {(int)(minute.At / 60) + 1}: {before + minute.Visible:N0} events queryable, {(minute.Visible - previous) / Math.Max(minute.At - previousAt, 0.001):N0} events/s this minute"));
            (previous, previousAt) = (minute.Visible, minute.At);
        }

        await host.StopAsync();
    }

    private static async Task<long> Events(HttpClient client)
    {
        using var response = await client.GetAsync("/api/stats");
        if (!response.IsSuccessStatusCode)
        {
            return 0; // a workspace without events yet
        }

        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("events").GetInt64();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    /// <summary>One batch of Segment-style track messages: 100 customers of 5 events each, web and app.</summary>
    private static byte[] Batch(int index)
    {
        var text = new StringBuilder("{\"batch\":[");
        for (var e = 0; e < 500; e++)
        {
            var customer = (index * 100) + (e / 5);
            var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes((customer % 100_000) + e % 5);
            text.Append(CultureInfo.InvariantCulture, $"{(e == 0 ? "" : ",")}{{\"type\":\"track\",\"messageId\":\"b{index}-{e}\",\"userId\":\"C{customer}\",\"event\":\"Step {e % 5}\",\"timestamp\":\"{at:O}\",\"context\":{{\"channel\":\"{(e % 2 == 0 ? "web" : "app")}\"}}}}");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }
}
