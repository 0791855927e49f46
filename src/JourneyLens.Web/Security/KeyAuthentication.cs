using System.Security.Claims;
using System.Text.Encodings.Web;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyLens.Web.Security;

/// <summary>
/// Authenticates a request by its API key (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>). A key that is
/// given is always checked; without one, a loopback server in open mode lets the local user in with every scope.
/// </summary>
internal sealed class KeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WebSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";

    public static string? KeyOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }

        var key = request.Headers["X-Api-Key"].ToString();
        return key.Length > 0 ? key.Trim() : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyOf(Request);
        if (key is null)
        {
            return Task.FromResult(settings.RequireKeys ? AuthenticateResult.NoResult() : AuthenticateResult.Success(Ticket("local", KeyScope.Admin)));
        }

        using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
        var found = ApiKeys.Verify(workspace, key);
        return Task.FromResult(found is null ? AuthenticateResult.Fail("unknown or revoked API key") : AuthenticateResult.Success(Ticket(found.Name, found.Scope)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "API key required",
            "Send a key as 'Authorization: Bearer KEY' (create one with: journeylens keys create NAME --scope read).");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Problems.Write(Context, StatusCodes.Status403Forbidden, "Key not allowed here",
            "This key's scope does not allow this request (ingest keys may only send events; read keys may not change anything).");
    }

    /// <summary>
    /// A signed-in session lasts only while the key it was signed in with is active with the same scope: revoking
    /// a key ends its sessions at their next request.
    /// </summary>
    public static async Task ValidateSession(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<WebSettings>();
        var (name, scope) = (context.Principal?.Identity?.Name, context.Principal?.FindFirst(ScopeClaim)?.Value);
        bool active;
        using (var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock))
        {
            active = ApiKeys.List(workspace).Any(k => k.Name == name && k.Revoked is null && k.Scope.ToString().Equals(scope, StringComparison.OrdinalIgnoreCase));
        }

        if (!active)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public static ClaimsPrincipal Principal(string name, KeyScope scope) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ScopeClaim, scope.ToString().ToLowerInvariant())], SchemeName));

    private static AuthenticationTicket Ticket(string name, KeyScope scope) => new(Principal(name, scope), SchemeName);
}
