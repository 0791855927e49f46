using System.Net;
using System.Text;
using JourneyLens.Testing;
using JourneyLens.Web.Api;

namespace JourneyLens.Web.Tests.Fuzz;

/// <summary>
/// Hostile variants of an event batch (fixed seeds): each is taken whole or refused whole with its reasons, never
/// answered with a server error; a share of them goes through the real endpoint and its importer.
/// </summary>
public sealed class BatchFuzzTests : IDisposable
{
    private const int Cases = 2_000;
    private readonly TempFolder _temp = new();

    private static readonly byte[] Seed = Encoding.UTF8.GetBytes(FuzzSeeds.Batch);

    [Fact]
    public void No_variant_of_a_batch_ends_in_a_server_error()
    {
        var failures = Mutations.Failures(Seed, Enumerable.Range(0, Cases), (_, bytes) =>
        {
            var batch = EventBatch.Parse(bytes, 2_000, DateTimeOffset.UnixEpoch, out var errors);
            (batch is null).ShouldBe(errors.Count > 0, "a batch is either taken whole or refused with its reasons");
        }, "batch.json");

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Variants_sent_to_the_endpoint_are_accepted_or_refused_and_what_was_accepted_imports()
    {
        await using var web = WebFactory.For(_temp.File("ws"));
        using var client = web.CreateClient();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var seed = await client.PostAsync("/api/events", new ByteArrayContent(Seed) { Headers = { ContentType = new("application/json") } });
        seed.StatusCode.ShouldBe(HttpStatusCode.Accepted, await seed.Content.ReadAsStringAsync());
        for (var n = 0; n < 200; n++)
        {
            var (bytes, done) = Mutations.Of(Seed, 10_000 + n);
            var response = await client.PostAsync("/api/events", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } });
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.Accepted, HttpStatusCode.BadRequest], $"case {n} ({done}): {await response.Content.ReadAsStringAsync()}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        var round = await web.ImportReceived();

        statuses.Keys.ShouldContain(HttpStatusCode.BadRequest);
        round!.Error.ShouldBeNull();
        round.Quarantined.ShouldBe(0, "what the endpoint accepted, the importer accepts");
    }

    public void Dispose() => _temp.Dispose();
}
