using JourneyLens.Cli;
using JourneyLens.Web;
using JourneyLens.Web.Api;
using JourneyLens.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JourneyLens.Web.Tests;

/// <summary>
/// The real web app (the host builder <c>journeylens serve</c> uses) on an in-memory test server. The entry point is
/// the journeylens executable, whose serve command builds the same host.
/// </summary>
public sealed class WebFactory(WebSettings settings) : WebApplicationFactory<CliContext>
{
    public WebSettings Settings => settings;

    public static WebFactory For(string workspace, bool requireKeys = false, int requestsPerSecond = 500) =>
        new(new WebSettings { Workspace = workspace, RequireKeys = requireKeys, RequestsPerSecond = requestsPerSecond, ImportInterval = TimeSpan.FromHours(1) });

    /// <summary>Imports the received batches now (the background round runs hourly in tests, so tests decide when).</summary>
    public Task<InboxRound?> ImportReceived() => Services.GetRequiredService<InboxImporter>().RunOnceAsync();

    protected override IHostBuilder CreateHostBuilder() => WebServer.CreateHostBuilder(settings);

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        return base.CreateHost(builder);
    }
}

/// <summary>A small airline demo workspace (generated and imported once per test class), with its sample map saved.</summary>
public class DemoWorkspace : IDisposable
{
    private readonly Testing.TempFolder _folder = new();

    public DemoWorkspace()
        : this(400)
    {
    }

    /// <param name="then">Commands run on the new workspace after the demo (a saved measurement, say).</param>
    protected DemoWorkspace(int customers, params string[][] then)
    {
        Path = _folder.File("demo");
        foreach (var args in then.Prepend(["demo", "--customers", customers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-serve"]))
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            if (CliApp.Run([.. args, "-w", Path], stdout, stderr) != 0)
            {
                throw new InvalidOperationException($"journeylens {string.Join(' ', args)} failed: {stderr}");
            }
        }
    }

    public string Path { get; }

    /// <summary>What the command line prints for these arguments on this workspace.</summary>
    public string Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApp.Run([.. args, "-w", Path], stdout, stderr);
        return code == 0 ? stdout.ToString() : throw new InvalidOperationException($"journeylens {string.Join(' ', args)} failed: {stderr}");
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
