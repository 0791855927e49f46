using System.Threading.RateLimiting;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Storage.Engine;
using JourneyLens.Web.Api;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Pages;
using JourneyLens.Web.Security;
using JourneyLens.Web.Surveys;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JourneyLens.Web;

/// <summary>
/// The web app and HTTP API (docs/web.md): pages, <c>/api</c>, survey links, OpenAPI at <c>/openapi/v1.json</c>.
/// One host builder serves both <c>journeylens serve</c> and the tests, so the tests run the real pipeline.
/// </summary>
public static class WebServer
{
    public static IHostBuilder CreateHostBuilder(WebSettings settings) =>
        new HostBuilder()
            .ConfigureLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error)) // keys live in the workspace, see below
            .ConfigureWebHost(web => web
                .UseKestrel(k =>
                {
                    k.Limits.MaxRequestBodySize = settings.MaxUploadBytes; // the largest allowed; endpoints bound theirs lower
                    k.AddServerHeader = false;
                })
                .ConfigureServices(services => ConfigureServices(services, settings))
                .Configure(Configure));

    /// <summary>Starts the server on a free loopback port (browser tests, the load bench); returns it and its address.</summary>
    public static async Task<(IHost Host, string Url)> StartOnFreePortAsync(WebSettings settings)
    {
        var host = CreateHostBuilder(settings).ConfigureWebHost(web => web.UseUrls("http://127.0.0.1:0")).Build();
        await host.StartAsync();
        return (host, host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>Runs until Ctrl+C.</summary>
    public static void Run(WebSettings settings, string url) => CreateHostBuilder(settings).ConfigureWebHost(web => web.UseUrls(url)).Build().Run();

    private static void ConfigureServices(IServiceCollection services, WebSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(new EngineLoader(keepInMemory: true)); // warm requests answer from memory, not from the cache file
        // A workspace folder that points at a ClickHouse cluster (journeylens cluster connect) is answered there.
        services.AddSingleton<IBackendProvider>(sp => ClickHouse.ClusterWorkspace.Find(settings.Workspace) is { } cluster
            ? new ClickHouse.ClusterBackendProvider(settings.Workspace, cluster)
            : new EmbeddedBackendProvider(settings.Workspace, sp.GetRequiredService<EngineLoader>()));
        services.AddSingleton(settings.Clock);
        services.AddSingleton<InboxImporter>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxImporter>());
        services.AddHostFiltering(o =>
        {
            o.AllowedHosts = [.. settings.AllowedHosts.Union(WebSettings.LoopbackHosts, StringComparer.OrdinalIgnoreCase)];
            o.IncludeFailureMessage = true;
        });
        services.AddRouting();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower); // as the CLI's JSON
        services.AddAntiforgery(o => o.Cookie.Name = "journeylens_antiforgery");
        // The keys that protect session and antiforgery cookies stay with the workspace (folder permissions guard them).
        services.AddDataProtection().SetApplicationName("JourneyLens").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.Workspace, "data-protection")));
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = settings.MaxUploadBytes);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "JourneyLens API";
            document.Info.Description = "Events in (POST /api/events), analyses out (the JSON of the journeylens commands). Send a key as 'Authorization: Bearer KEY'.";
            return Task.CompletedTask;
        }));
        Access.Add(services);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(KeyAuthentication.KeyOf(context.Request) ?? context.Connection.RemoteIpAddress?.ToString() ?? "local", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.RequestsPerSecond,
                    TokensPerPeriod = settings.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests", $"At most {settings.RequestsPerSecond} requests per second per key; slow down and retry."));
            };
        });
    }

    private static void Configure(IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<WebSettings>();
        app.UseHostFiltering(); // first: a request for another host name gets nothing, not even an error page of ours
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, title, detail) = failure switch
            {
                AntiforgeryValidationException => (StatusCodes.Status400BadRequest, "Form expired", "The form's antiforgery token is missing or wrong; reload the page and try again."),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Too large", "The request body is larger than allowed."),
                BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
                InvalidDataException bad => (StatusCodes.Status400BadRequest, "Bad request", bad.Message),
                _ => (StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong on the server; it is logged."),
            };
            context.Response.StatusCode = status;
            await Problems.Write(context, status, title, detail);
        }));
        app.Use(async (context, next) =>
        {
            // Pages run only our own script; survey tokens in links must not leak to other sites.
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            Pages.Layout.CarryFilters(context.Request.Query);
            await next();
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseEndpoints(endpoints =>
        {
            AssetEndpoints.Map(endpoints);
            EventsEndpoints.Map(endpoints);
            AnalysisEndpoints.Map(endpoints);
            SurveyEndpoints.Map(endpoints, settings);
            HomePages.Map(endpoints);
            AnalysisPages.Map(endpoints);
            SegmentPages.Map(endpoints);
            PersonaPages.Map(endpoints);
            ViewPages.Map(endpoints);
            BoardPages.Map(endpoints);
            Downloads.Map(endpoints);
            MapPages.Map(endpoints, settings);
            MapItemPages.Map(endpoints, settings);
            MapFormPages.Map(endpoints, settings);
            ImportPages.Map(endpoints, settings);
            endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
            endpoints.MapFallback(NotFound).AllowAnonymous();
        });
    }

    /// <summary>An address nothing answers: a problem for the API, a page with the way back for people (never a blank page).</summary>
    internal static IResult NotFound(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
            ? Security.Problems.Of(StatusCodes.Status404NotFound, "Not found", $"There is no endpoint {context.Request.Path}; /openapi/v1.json lists them.")
            : Results.Content(Pages.Layout.Render("Page not found", "", Pages.Layout.Message("There is no page at this address. It may have been renamed, or the link was cut short."),
                System.Xml.Linq.XElement.Parse("<p><a href=\"/\">Back to the overview</a></p>")), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
}
