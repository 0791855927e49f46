namespace JourneyLens.Core.Events;

/// <summary>Channel names that the analyses treat specially (DESIGN §3, channel switching).</summary>
public static class Channels
{
    public const string None = "";

    /// <summary>Self-service channels: an attempt here followed by an assisted contact is failed self-service.</summary>
    public static readonly IReadOnlySet<string> Digital = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "web", "app" };

    /// <summary>Channels where a person of the organisation helps the customer.</summary>
    public static readonly IReadOnlySet<string> Assisted = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "phone", "chat", "email", "e-mail", "store" };

    /// <summary>Trims a channel name; the case is kept as the source wrote it (nothing is changed silently).</summary>
    public static string Normalize(string? channel) => string.IsNullOrWhiteSpace(channel) ? None : channel.Trim();
}
