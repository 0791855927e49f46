using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JourneyLens.Web.Hosting;

/// <summary>The browser's scripts and styles, built into the assembly (ours from Assets/, libraries from npm).</summary>
public static class AssetEndpoints
{
    private static readonly Dictionary<string, string> s_types = new(StringComparer.Ordinal)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var assembly = typeof(AssetEndpoints).Assembly;
        var assets = assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)).ToDictionary(n => n["assets/".Length..]);
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (!assets.TryGetValue(name, out var resource) || !s_types.TryGetValue(Path.GetExtension(name), out var type))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Stream(assembly.GetManifestResourceStream(resource)!, type);
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
