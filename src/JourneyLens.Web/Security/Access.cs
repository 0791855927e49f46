using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyLens.Web.Security;

/// <summary>The three policies, by key scope: sending events, reading, and changing things (maps, imports).</summary>
public static class Access
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";
    private const string Either = "key-or-session";

    internal static void Add(IServiceCollection services)
    {
        services.AddAuthentication(Either)
            .AddPolicyScheme(Either, "API key or signed-in session", o => o.ForwardDefaultSelector = context =>
                UsesKey(context) ? KeyAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, KeyAuthentication>(KeyAuthentication.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/signin";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.Events.OnValidatePrincipal = KeyAuthentication.ValidateSession;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Ingest, p => p.RequireClaim(KeyAuthentication.ScopeClaim, "ingest", "admin"))
            .AddPolicy(Read, p => p.RequireClaim(KeyAuthentication.ScopeClaim, "read", "admin"))
            .AddPolicy(Admin, p => p.RequireClaim(KeyAuthentication.ScopeClaim, "admin"));
    }

    public const string SessionCookie = "journeylens_session";

    /// <summary>Whether the request may change things: pages show their editing controls only then.</summary>
    public static bool IsAdmin(HttpContext context) => context.User.HasClaim(KeyAuthentication.ScopeClaim, Admin);

    /// <summary>A key when one is given (or none is needed); else a signed-in session, which pages use and the API accepts too.</summary>
    private static bool UsesKey(HttpContext context) =>
        !context.RequestServices.GetRequiredService<Hosting.WebSettings>().RequireKeys
        || KeyAuthentication.KeyOf(context.Request) is not null
        || context.Request.Path.StartsWithSegments("/api") && !context.Request.Cookies.ContainsKey(SessionCookie);
}
