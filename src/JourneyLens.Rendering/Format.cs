using System.Globalization;

namespace JourneyLens.Rendering;

/// <summary>How figures read in tables and pictures.</summary>
public static class Format
{
    /// <summary>Seconds in the unit a person would use: "45 s", "12.5 min", "3.0 h", "4.2 d"; empty when unknown.</summary>
    public static string Duration(double? seconds) => seconds switch
    {
        null => "",
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0} min"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86_400:0.0} d"),
    };
}
