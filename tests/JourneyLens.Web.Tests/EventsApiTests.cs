using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Inbox;

namespace JourneyLens.Web.Tests;

/// <summary>POST /api/events: Segment-style batches taken whole or refused whole, imported by the ordinary importer, idempotent by event_id.</summary>
public sealed class EventsApiTests : IDisposable
{
    private readonly Testing.TempFolder _temp = new();

    private string Workspace => _temp.File("ws");

    public void Dispose() => _temp.Dispose();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private const string Batch = """
        {"batch": [
          {"type": "track", "messageId": "m1", "anonymousId": "a1", "event": "Viewed product", "timestamp": "2025-03-01T10:00:00Z", "context": {"channel": "web"}},
          {"type": "identify", "messageId": "m2", "anonymousId": "a1", "userId": "u1", "timestamp": "2025-03-01T10:01:00Z"},
          {"type": "track", "messageId": "m3", "userId": "u1", "event": "Paid order", "timestamp": "2025-03-01T10:05:00Z", "context": {"channel": "app"}, "properties": {"revenue": 42.5}}
        ]}
        """;

    private (long Events, int Persons) Counts()
    {
        using var workspace = Storage.Workspace.Open(Workspace, create: false);
        var engine = new EngineLoader().Load(workspace);
        return (engine.Events.EventCount, engine.Events.PersonCount);
    }

    private int Waiting()
    {
        using var workspace = Storage.Workspace.Open(Workspace, create: true);
        return EventInbox.Waiting(workspace).Batches;
    }

    [Fact]
    public async Task A_batch_is_accepted_imported_and_stitched_and_sending_it_again_adds_nothing()
    {
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();

        var response = await client.PostAsync("/api/events", Json(Batch));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").GetInt32().ShouldBe(3);
        var round = await web.ImportReceived();
        round!.Accepted.ShouldBe(2);
        round.IdentityMessages.ShouldBe(1);
        Counts().ShouldBe((2L, 1)); // the identify joined the anonymous visitor and the customer

        (await client.PostAsync("/api/events", Json(Batch))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var again = await web.ImportReceived();
        again!.Accepted.ShouldBe(0);
        again.Duplicates.ShouldBe(2);
        Counts().ShouldBe((2L, 1));
        Waiting().ShouldBe(0);

        var status = await client.GetFromJsonAsync<JsonElement>("/api/events/status");
        status.GetProperty("waiting_batches").GetInt32().ShouldBe(0);
        status.GetProperty("last_import").GetProperty("duplicates").GetInt64().ShouldBe(2);
        (status.GetProperty("received_messages").GetInt64(), status.GetProperty("imported_messages").GetInt64()).ShouldBe((6L, 6L));
        status.GetProperty("lag_seconds").GetDouble().ShouldBe(0);
    }

    [Fact]
    public async Task A_full_inbox_asks_senders_to_come_back_later_and_the_lag_says_how_long_the_oldest_has_waited()
    {
        var settings = new Hosting.WebSettings { Workspace = Workspace, ImportInterval = TimeSpan.FromHours(1), MaxWaitingMessages = 5 };
        await using var web = new WebFactory(settings);
        using var client = web.CreateClient();

        (await client.PostAsync("/api/events", Json(Batch))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var refused = await client.PostAsync("/api/events", Json(Batch));
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("3 messages wait to be imported (at most 5)");
        Waiting().ShouldBe(1, "the refused batch was not taken");

        await Task.Delay(300);
        var status = await client.GetFromJsonAsync<JsonElement>("/api/events/status");
        status.GetProperty("lag_seconds").GetDouble().ShouldBeGreaterThan(0.2);
        (status.GetProperty("received_messages").GetInt64(), status.GetProperty("imported_messages").GetInt64()).ShouldBe((3L, 0L));

        await web.ImportReceived();
        (await client.PostAsync("/api/events", Json(Batch))).StatusCode.ShouldBe(HttpStatusCode.Accepted, "room again once imported");
    }

    [Theory]
    [InlineData("{\"batch\": [", "not valid JSON")]
    [InlineData("42", "expected {\"batch\": [messages]}")]
    [InlineData("{\"batch\": []}", "at least one message")]
    [InlineData("{\"batch\": [17]}", "expected a JSON object")]
    public async Task Malformed_bodies_are_refused_with_problem_details_and_nothing_is_kept(string body, string reason)
    {
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();

        var response = await client.PostAsync("/api/events", Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors[0].GetProperty("reason").GetString()!.ShouldContain(reason);
        Waiting().ShouldBe(0);
    }

    public static TheoryData<byte[], int, string> HostileBatches => new()
    {
        { Encoding.UTF8.GetBytes("{\"batch\": [{\"userId\": \"u1\", \"event\": \"A\", \"timestamp\": \"2025-03-01T10:00:00Z\"}, {\"userId\": \"u2\", \"event\": \"B\\ud800\", \"timestamp\": \"2025-03-01T10:00:00Z\"}]}"), 1, "not valid Unicode" },
        { Encoding.UTF8.GetBytes("{\"batch\": [{\"userId\": \"u1\", \"event\": \"A\", \"timestamp\": \"2025-03-01T10:00:00\"}]}"), 0, "zone" },
        { [.. Encoding.UTF8.GetBytes("{\"batch\": [\n{\"userId\": \"u1\", \"event\": \"A"), 0xff, 0xfe, .. Encoding.UTF8.GetBytes("\"}]}")], -1, "not valid UTF-8 at byte 41 (line 2)" },
    };

    [Theory]
    [MemberData(nameof(HostileBatches))]
    public async Task Lone_surrogates_times_without_a_zone_and_invalid_utf8_are_refused_with_400_naming_where(byte[] body, int index, string reason)
    {
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();

        var response = await client.PostAsync("/api/events", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors[0].GetProperty("index").GetInt32().ShouldBe(index);
        errors[0].GetProperty("reason").GetString()!.ShouldContain(reason);
        Waiting().ShouldBe(0);
    }

    [Fact]
    public async Task One_bad_message_refuses_the_whole_batch_naming_it()
    {
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();
        var body = """
            [{"messageId": "ok", "userId": "u1", "event": "Paid order", "timestamp": "2025-03-01T10:05:00Z", "channel": "web"},
             {"messageId": "bad", "userId": "u2", "event": "Paid order", "timestamp": "the day before yesterday", "channel": "web"}]
            """;

        var response = await client.PostAsync("/api/events", Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetArrayLength().ShouldBe(1);
        errors[0].GetProperty("index").GetInt32().ShouldBe(1);
        errors[0].GetProperty("field").GetString().ShouldBe("timestamp");
        Waiting().ShouldBe(0);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_too_many_messages_with_400()
    {
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();
        var huge = "[" + string.Join(",", Enumerable.Repeat("{\"userId\":\"u1\",\"event\":\"" + new string('x', 1000) + "\"}", 1100)) + "]";
        var many = "[" + string.Join(",", Enumerable.Range(0, web.Settings.MaxBatchMessages + 1).Select(i => $"{{\"userId\":\"u{i}\",\"event\":\"E\"}}")) + "]";

        var tooLarge = await client.PostAsync("/api/events", Json(huge));
        var tooMany = await client.PostAsync("/api/events", Json(many));

        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        tooLarge.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.Content.ReadAsStringAsync()).ShouldContain("at most 2,000 per batch");
        Waiting().ShouldBe(0);
    }

    [Fact]
    public async Task A_message_without_a_time_gets_the_time_it_was_received()
    {
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        (await client.PostAsync("/api/events", Json("{\"userId\": \"u9\", \"event\": \"Opened app\", \"channel\": \"app\"}"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await web.ImportReceived();

        using var workspace = Storage.Workspace.Open(Workspace, create: false);
        var events = new EngineLoader().Load(workspace).Events;
        events.EventCount.ShouldBe(1);
        events.TimestampMs[0].ShouldBeInRange(before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
