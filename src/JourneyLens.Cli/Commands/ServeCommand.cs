using System.CommandLine;
using System.Net;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Web;
using JourneyLens.Web.Hosting;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// <c>journeylens serve</c>: the web app and HTTP API on the workspace, on loopback unless told otherwise. Beyond
/// loopback every request needs a key, and the server refuses to start until a read or admin key exists.
/// </summary>
public static class ServeCommand
{
    private static readonly Option<string> Url = new("--url") { Description = "Where to listen", DefaultValueFactory = _ => WebSettings.DefaultUrl };
    private static readonly Option<bool> RequireKeys = new("--require-keys") { Description = "Ask for a key (or a signed-in session) on every request, also on loopback" };
    private static readonly Option<string[]> AllowedHosts = new("--allowed-host") { Description = "A host name requests may be addressed to besides the loopback names and --url's own (repeat); others are refused" };

    public static Command Create(CliContext context)
    {
        var command = new Command("serve", $"Run the web app and HTTP API on the workspace (default {WebSettings.DefaultUrl})");
        command.Options.Add(Url);
        command.Options.Add(RequireKeys);
        command.Options.Add(AllowedHosts);
        command.SetAction(parse => Serve(context, CommonOptions.WorkspaceFolder(parse), parse.GetValue(Url)!, parse.GetValue(RequireKeys), parse.GetValue(AllowedHosts) ?? []));
        return command;
    }

    public static int Serve(CliContext context, string folder, string url, bool requireKeys, IReadOnlyList<string>? allowedHosts = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url {url}: expected an address such as {WebSettings.DefaultUrl}");
        }

        var loopback = uri.IsLoopback || IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip);
        using (var workspace = Workspace.Open(folder, create: true, context.Clock))
        {
            if (!loopback && !ApiKeys.AnyActive(workspace, KeyScope.Read, KeyScope.Admin))
            {
                throw new UsageException($"{url} is reachable from other machines, so every request needs a key, and this workspace has none: create one first (journeylens keys create NAME --scope admin -w {folder})");
            }
        }

        // A wildcard address (0.0.0.0, *) names no host: requests by name need --allowed-host.
        var own = uri.Host is "0.0.0.0" or "[::]" or "*" or "+" ? [] : new[] { uri.Host };
        var hosts = WebSettings.LoopbackHosts.Concat(own).Concat(allowedHosts ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var settings = new WebSettings { Workspace = folder, RequireKeys = requireKeys || !loopback, AllowedHosts = hosts, Clock = context.Clock };
        context.Error.WriteLine($"JourneyLens is serving {folder} at {uri.GetLeftPart(UriPartial.Authority)}/ ({(settings.RequireKeys ? "keys required" : "loopback, open")}; host names accepted: {string.Join(", ", hosts)}); Ctrl+C stops it.");
        WebServer.Run(settings, url);
        return ExitCode.Ok;
    }
}
