namespace JourneyLens.Core.Events;

/// <summary>How channel names are stored.</summary>
public static class Channels
{
    /// <summary>The channel of an event whose input names none.</summary>
    public const string None = "";

    /// <summary>Trims a channel name; the case is kept as the source wrote it (nothing is changed silently).</summary>
    public static string Normalize(string? channel) => string.IsNullOrWhiteSpace(channel) ? None : channel.Trim();

    /// <summary><see cref="Normalize(string?)"/> of text not yet made a string.</summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> channel) => channel.IsWhiteSpace() ? None : channel.Trim();
}
