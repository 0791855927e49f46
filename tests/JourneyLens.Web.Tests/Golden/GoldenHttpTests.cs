using JourneyLens.Testing;

namespace JourneyLens.Web.Tests.GoldenOutput;

/// <summary>
/// What every endpoint and analysis page answers — status, content type and body — on a fixed airline workspace,
/// byte for byte as it answered before the web app called the application layer instead of the command line.
/// </summary>
public sealed class GoldenHttpTests(GoldenDemoWorkspace demo) : IClassFixture<GoldenDemoWorkspace>
{
    private const string Folder = "tests/JourneyLens.Web.Tests/Golden/http";

    /// <summary>Name → the address asked for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>
    {
        ["api-stats"] = "/api/stats",
        ["api-stats-range"] = "/api/stats?from=2025-03-01&to=2025-06-01&segment=channel%20%3D%20%27app%27",
        ["api-paths"] = "/api/paths?top=5&end=Called%20contact%20centre",
        ["api-paths-phase-by"] = "/api/paths?node=phase&lens=activity&by=channel&groups=2",
        ["api-funnel"] = "/api/funnel?step=Searched%20flights&step=Booked%20flight&window=7d",
        ["api-funnel-strict"] = "/api/funnel?step=Searched%20flights&step=Booked%20flight&order=strict&count=journeys&exclude=Called%20contact%20centre",
        ["api-funnel-dropped"] = "/api/funnel?step=Searched%20flights&step=Booked%20flight&dropped-at=2",
        ["api-process-map"] = "/api/process-map?share=0.8",
        ["api-variants"] = "/api/variants?top=5",
        ["api-scores"] = "/api/scores?node=phase&min-answers=10",
        ["api-lowpoints"] = "/api/lowpoints",
        ["api-switching"] = "/api/switching?window=2d",
        ["api-attribution"] = "/api/attribution?goal=Booked%20flight",
        ["api-handoffs"] = "/api/handoffs",
        ["api-consistency"] = "/api/consistency?task=Searched%20flights%3EBooked%20flight",
        ["api-compare"] = "/api/compare?metric=nps&baseline-to=2025-04-01&current-from=2025-04-01",
        ["api-painpoints"] = "/api/painpoints?map=airline-door-to-door",
        ["api-opportunities"] = "/api/opportunities",
        ["api-measurements"] = "/api/measurements",
        ["api-maps"] = "/api/maps",
        ["api-map-bind"] = "/api/map-bind/airline-door-to-door",
        ["api-person"] = "/api/person/anon-1-1",
        ["api-error-unknown"] = "/api/paths?bogus=1",
        ["api-error-int"] = "/api/paths?top=many",
        ["api-error-range"] = "/api/variants?top=0",
        ["api-error-step"] = "/api/funnel?step=No%20such%20touchpoint&step=Booked%20flight",
        ["api-error-map"] = "/api/map-bind/not-saved",
        ["api-error-person"] = "/api/person/nobody-at-all",
        ["api-error-date"] = "/api/scores?from=yesterday",
        ["api-error-filter"] = "/api/stats?where=persona%20%3D%20family",
        ["api-error-missing"] = "/api/funnel",
        ["page-overview"] = "/",
        ["page-paths"] = "/paths?top=5",
        ["page-funnel-empty"] = "/funnel",
        ["page-funnel"] = "/funnel?step=Searched%20flights&step=Booked%20flight",
        ["page-process-map"] = "/process-map?share=0.5",
        ["page-scores"] = "/scores",
        ["page-switching"] = "/switching",
        ["page-compare"] = "/compare?metric=nps&baseline-to=2025-04-01&current-from=2025-04-01",
        ["page-painpoints"] = "/painpoints",
        ["page-opportunities"] = "/opportunities",
        ["page-measurements"] = "/measurements",
        ["page-person"] = "/person?id=anon-1-1",
        ["page-maps"] = "/maps",
        ["page-map"] = "/maps/airline-door-to-door",
        ["page-error"] = "/variants?top=0",
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task An_address_answers_what_it_answered_before(string name)
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        using var response = await client.GetAsync(Cases[name]);

        var body = await response.Content.ReadAsStringAsync();
        Golden.Check(Folder, name, $"{(int)response.StatusCode} {response.Content.Headers.ContentType}\n{body}");
    }
}

/// <summary>The airline demo (300 customers) with a baseline measurement saved.</summary>
public sealed class GoldenDemoWorkspace() : DemoWorkspace(300, ["measure", "save", "baseline", "--metric", "nps", "--metric", "conversion@Searched flights>Booked flight"]);
