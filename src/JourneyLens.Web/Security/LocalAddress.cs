namespace JourneyLens.Web.Security;

/// <summary>Where a form may send the browser back to: only a path of this site (no other host, no backslash tricks), of bounded length.</summary>
public static class LocalAddress
{
    public const int MaxLength = 4_000;

    public static bool IsLocal(string address) =>
        address.StartsWith('/') && !address.StartsWith("//", StringComparison.Ordinal) && !address.Contains('\\') && address.Length <= MaxLength;
}
