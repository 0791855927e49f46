using System.Net;
using Microsoft.Extensions.DependencyInjection;
using JourneyLens.Testing;
using JourneyLens.Web;
using JourneyLens.Web.Hosting;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// The web app on a workspace folder that points at the loopback cluster: the API answers byte for byte as on the
/// same data embedded, pages render from the cluster, what the cluster does not answer yet is said in words (501),
/// and a cluster that does not answer is a 503 problem, never a stack trace.
/// </summary>
public partial class ConformanceTests
{
    [Fact]
    public async Task The_web_app_answers_from_the_cluster_as_from_the_same_data_embedded()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(0, 400).Select(i => new Row(i % 40, i * 1_800_000L, (i * 7) % 4, i % 3, i % 2 == 0 ? 0 : 60, Score: i % 9 == 0 ? i % 11 : -1));
        var file = Csv(temp, [.. rows]);
        var embedded = Embedded(temp, file);
        var clustered = temp.File("on-cluster");
        var cluster = Fresh(Target());
        ClusterWorkspace.Connect(clustered, cluster);
        ClickHouseImport.Import(cluster, file, Options);

        var (embeddedServer, embeddedUrl) = await WebServer.StartOnFreePortAsync(new WebSettings { Workspace = embedded });
        var (clusterServer, clusterUrl) = await WebServer.StartOnFreePortAsync(new WebSettings { Workspace = clustered });
        try
        {
            using var http = new HttpClient();
            foreach (var api in new[] { "/api/stats", "/api/process-map", "/api/variants", "/api/paths?end=Booked", "/api/funnel?step=Searched&step=Booked&window=7d", "/api/scores", "/api/lowpoints", "/api/attribution?goal=Booked", "/api/switching",
                "/api/consistency?task=Searched%3EBooked", "/api/compare?metric=nps&metric=journey-duration&baseline-to=2025-01-05&current-from=2025-01-05", "/api/funnel?step=Searched&step=Booked&window=7d&by=channel" })
            {
                var expected = await http.GetStringAsync(embeddedUrl + api);
                (await http.GetStringAsync(clusterUrl + api)).ShouldBe(expected, api);
            }

            (await http.GetStringAsync(clusterUrl + "/process-map")).ShouldContain("Searched");
            var notYet = await http.GetAsync(clusterUrl + "/api/funnel?step=Searched&step=Booked&window=7d&by=prop.persona");
            notYet.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
            (await notYet.Content.ReadAsStringAsync()).ShouldContain("the ClickHouse backend does not answer breakdowns by properties yet");
            var noCatalogue = await http.GetAsync(clusterUrl + "/api/handoffs");
            noCatalogue.StatusCode.ShouldBe((await http.GetAsync(embeddedUrl + "/api/handoffs")).StatusCode);
            (await noCatalogue.Content.ReadAsStringAsync()).ShouldContain("journeylens catalogue import FILE");
            var maps = await http.GetAsync(clusterUrl + "/maps");
            maps.StatusCode.ShouldBe(HttpStatusCode.OK);
            var mapsPage = await maps.Content.ReadAsStringAsync();
            mapsPage.ShouldContain("keep them in an embedded workspace for now");
            mapsPage.ShouldNotContain("Start a new map"); // not offered where it cannot be kept

            // Events sent over HTTP land on the cluster (the folder keeps only the inbox), stitched and deduplicated
            // as on the embedded workspace: the same batch twice adds nothing.
            foreach (var (server, url) in new[] { (embeddedServer, embeddedUrl), (clusterServer, clusterUrl) })
            {
                for (var twice = 0; twice < 2; twice++)
                {
                    using var body = new StringContent(Batch, System.Text.Encoding.UTF8, "application/json");
                    (await http.PostAsync(url + "/api/events", body)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
                    (await server.Services.GetRequiredService<JourneyLens.Web.Api.InboxImporter>().RunOnceAsync())!.Error.ShouldBeNull();
                }
            }

            (await http.GetStringAsync(clusterUrl + "/api/stats")).ShouldBe(await http.GetStringAsync(embeddedUrl + "/api/stats"));
            (await http.GetStringAsync(clusterUrl + "/api/process-map")).ShouldContain("Paid order");
        }
        finally
        {
            await embeddedServer.StopAsync();
            await clusterServer.StopAsync();
            embeddedServer.Dispose();
            clusterServer.Dispose();
        }
    }

    private const string Batch = """
        {"batch": [
          {"type": "track", "messageId": "m1", "anonymousId": "a1", "event": "Viewed product", "timestamp": "2025-01-03T10:00:00Z", "context": {"channel": "web"}},
          {"type": "identify", "messageId": "m2", "anonymousId": "a1", "userId": "c3", "timestamp": "2025-01-03T10:01:00Z"},
          {"type": "track", "messageId": "m3", "userId": "c3", "event": "Paid order", "timestamp": "2025-01-03T10:05:00Z", "context": {"channel": "app"}}
        ]}
        """;

    [Fact]
    public async Task A_cluster_that_does_not_answer_is_a_503_problem_for_the_web_app()
    {
        using var temp = new TempFolder();
        var folder = temp.File("down");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ClusterWorkspace.FileName), """{ "shards": ["http://127.0.0.1:1"], "cluster": "jl", "database": "gone" }""");
        var (server, url) = await WebServer.StartOnFreePortAsync(new WebSettings { Workspace = folder });
        try
        {
            using var http = new HttpClient();
            var response = await http.GetAsync(url + "/api/stats");
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldContain("the ClickHouse cluster at http://127.0.0.1:1/ did not answer");
            body.ShouldNotContain("   at ");
        }
        finally
        {
            await server.StopAsync();
            server.Dispose();
        }
    }
}
