using System.Globalization;

namespace JourneyLens.Rendering.Tables;

/// <summary>How values are written in every output format.</summary>
public static class Show
{
    /// <summary>UTC, ISO-8601, millisecond precision: the workspace's own resolution.</summary>
    public static string Timestamp(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>In the workspace's display zone when it has one ("2016-02-01 00:00:00 +01:00"); UTC as above when not.</summary>
    public static string Timestamp(long ms, TimeZoneInfo? zone) => zone is null ? Timestamp(ms) : Timestamp(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), zone));

    /// <summary>A time in its own offset: local date and time, the offset after it (UTC as <see cref="Timestamp(long)"/>).</summary>
    public static string Timestamp(DateTimeOffset time) => time.Offset == TimeSpan.Zero
        ? Timestamp(time.ToUnixTimeMilliseconds())
        : time.ToString(time.Millisecond == 0 ? "yyyy-MM-dd HH:mm:ss zzz" : "yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture);

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Number(double d) => double.IsNaN(d) ? "" : d.ToString("R", CultureInfo.InvariantCulture);

    public static string Channel(string channel) => channel.Length == 0 ? "(none)" : channel;

    public static string Percent(double ratio) => double.IsNaN(ratio) ? "" : ratio.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>A score as people read it: NPS in points, CSAT as a percentage, CES to one decimal; with its interval, or flagged when too few answered.</summary>
    public static string Score(Core.Experience.ScoreFigure f)
    {
        var text = $"{Format.ScoreValue(f.Type, f.Value)} [{Format.ScoreValue(f.Type, f.Low)}, {Format.ScoreValue(f.Type, f.High)}]";
        return f.TooFew ? $"too few answers (n={f.Answers}): {text}" : text;
    }
}
