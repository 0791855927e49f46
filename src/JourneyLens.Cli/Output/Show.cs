using System.Globalization;

namespace JourneyLens.Cli.Output;

/// <summary>How values are written in every output format.</summary>
public static class Show
{
    /// <summary>UTC, ISO-8601, millisecond precision: the workspace's own resolution.</summary>
    public static string Timestamp(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Number(double d) => double.IsNaN(d) ? "" : d.ToString("R", CultureInfo.InvariantCulture);

    public static string Channel(string channel) => channel.Length == 0 ? "(none)" : channel;
}
