using System.Globalization;

namespace JourneyLens.Core.Analyses;

/// <summary>Durations as people write them: a number with d, h, m or s (30d, 24h, 90m, 45s), up to 100 years.</summary>
public static class DurationText
{
    public const string Expected = "a number with d, h, m or s, e.g. 30d, 24h or 20m";

    /// <summary>Seconds in the unit a person would use: "45 s", "12.5 min", "3.0 h", "4.2 d"; empty when unknown.</summary>
    public static string Format(double? seconds) => seconds switch
    {
        null => "",
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0} min"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86_400:0.0} d"),
    };

    public static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (!double.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || n > 36_500d * 86_400)
        {
            return null;
        }

        TimeSpan? span = unit switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            'm' => TimeSpan.FromMinutes(n),
            's' => TimeSpan.FromSeconds(n),
            _ => null,
        };
        return span is { } s && s <= TimeSpan.FromDays(36_500) ? s : null;
    }
}
