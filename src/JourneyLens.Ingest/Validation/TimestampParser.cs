using System.Globalization;

namespace JourneyLens.Ingest.Validation;

/// <summary>The result of reading one timestamp.</summary>
public enum TimestampStatus : byte
{
    Ok,
    Unparseable,

    /// <summary>A clock time without a UTC offset, and no --timezone to place it.</summary>
    NoOffset,

    /// <summary>A clock time that does not exist in the zone (skipped by a daylight-saving change).</summary>
    InvalidInZone,

    /// <summary>A number that, read as Unix seconds or milliseconds, is no time of customer events (before 1990 or after 2100): its unit must be given.</summary>
    ImplausibleNumber,
}

/// <summary>The unit of numeric (Unix) timestamps.</summary>
public enum TimestampUnit : byte
{
    Seconds,
    Milliseconds,
    Microseconds,
}

/// <summary>
/// Reads timestamps into UTC milliseconds: ISO-8601 with offset or Z (fast path), other common date shapes,
/// Unix seconds or milliseconds, or a custom format. Naive clock times are placed in the given zone. A number without
/// a given unit is taken as seconds or milliseconds only when that falls between 1990 and 2100 — never read silently
/// as a time in 1970 (an offset in milliseconds, say).
/// </summary>
public sealed class TimestampParser(string? customFormat, TimeZoneInfo? zone, TimestampUnit? unit = null)
{
    /// <summary>The years a number read without a unit may fall in.</summary>
    private static readonly long PlausibleFrom = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
        PlausibleTo = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly string[] s_naiveFormats =
    [
        "yyyy/MM/dd HH:mm:ss.fff", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd", "yyyy/MM/dd",
        "dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy HH:mm", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm",
    ];

    /// <summary>Unix numbers at or above this are milliseconds (1973-03-03 in ms; year 5138 in seconds).</summary>
    private const double MillisecondsThreshold = 1e11;

    public TimestampStatus TryParse(ReadOnlySpan<char> text, out long utcMs) => TryParse(text, out utcMs, out _);

    /// <param name="offsetMinutes">The UTC offset the time was written in (or placed in, for naive times), for wall-clock durations.</param>
    public TimestampStatus TryParse(ReadOnlySpan<char> text, out long utcMs, out int offsetMinutes)
    {
        text = text.Trim();
        utcMs = 0;
        offsetMinutes = 0;
        if (text.IsEmpty)
        {
            return TimestampStatus.Unparseable;
        }

        if (customFormat is not null)
        {
            return ParseCustom(text, out utcMs, out offsetMinutes);
        }

        if (TryParseIsoWithOffset(text, out utcMs, out offsetMinutes))
        {
            return TimestampStatus.Ok;
        }

        if (TryParseUnix(text, unit, out utcMs))
        {
            return unit is null && (utcMs < PlausibleFrom || utcMs >= PlausibleTo) ? TimestampStatus.ImplausibleNumber : TimestampStatus.Ok;
        }

        if (HasOffset(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dto))
        {
            utcMs = dto.ToUnixTimeMilliseconds();
            offsetMinutes = (int)dto.Offset.TotalMinutes;
            return TimestampStatus.Ok;
        }

        if (DateTime.TryParseExact(text, s_naiveFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var naive))
        {
            return PlaceInZone(naive, out utcMs, out offsetMinutes);
        }

        return TimestampStatus.Unparseable;
    }

    private TimestampStatus ParseCustom(ReadOnlySpan<char> text, out long utcMs, out int offsetMinutes)
    {
        utcMs = 0;
        offsetMinutes = 0;
        if (DateTimeOffset.TryParseExact(text, customFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto) && HasOffset(text))
        {
            utcMs = dto.ToUnixTimeMilliseconds();
            offsetMinutes = (int)dto.Offset.TotalMinutes;
            return TimestampStatus.Ok;
        }

        return DateTime.TryParseExact(text, customFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var naive)
            ? (naive.Kind == DateTimeKind.Utc ? Ok(naive, out utcMs) : PlaceInZone(naive, out utcMs, out offsetMinutes))
            : TimestampStatus.Unparseable;
    }

    private static TimestampStatus Ok(DateTime utc, out long utcMs)
    {
        utcMs = new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return TimestampStatus.Ok;
    }

    private TimestampStatus PlaceInZone(DateTime naive, out long utcMs, out int offsetMinutes)
    {
        utcMs = 0;
        offsetMinutes = 0;
        if (zone is null)
        {
            return TimestampStatus.NoOffset;
        }

        var unspecified = DateTime.SpecifyKind(naive, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            return TimestampStatus.InvalidInZone;
        }

        utcMs = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero).ToUnixTimeMilliseconds();
        offsetMinutes = (int)zone.GetUtcOffset(unspecified).TotalMinutes;
        return TimestampStatus.Ok;
    }

    private static bool TryParseUnix(ReadOnlySpan<char> text, TimestampUnit? unit, out long utcMs)
    {
        utcMs = 0;
        foreach (var ch in text)
        {
            if (!char.IsAsciiDigit(ch) && ch != '.')
            {
                return false;
            }
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var ms = unit switch
        {
            TimestampUnit.Seconds => number * 1000,
            TimestampUnit.Milliseconds => number,
            TimestampUnit.Microseconds => number / 1000,
            _ => number >= MillisecondsThreshold ? number : number * 1000,
        };
        if (ms > 8.64e15)
        {
            return false; // beyond any date (DateTimeOffset ends in year 9999)
        }

        utcMs = (long)Math.Floor(ms);
        return true;
    }

    /// <summary>An offset added to a timestamp: a (possibly negative or fractional) number in <paramref name="unit"/>, to whole milliseconds.</summary>
    public static bool TryReadOffset(string text, TimestampUnit unit, out long ms)
    {
        ms = 0;
        if (!double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var exact = unit switch
        {
            TimestampUnit.Seconds => number * 1000,
            TimestampUnit.Milliseconds => number,
            _ => number / 1000,
        };
        if (!double.IsFinite(exact) || Math.Abs(exact) > 3.2e12)
        {
            return false; // more than a hundred years: not an offset within a visit or a day
        }

        ms = (long)Math.Floor(exact);
        return true;
    }

    public static string UnitName(TimestampUnit unit) => unit switch
    {
        TimestampUnit.Seconds => "seconds",
        TimestampUnit.Milliseconds => "milliseconds",
        _ => "microseconds",
    };

    /// <summary>True when the text ends in Z or a ±hh[:mm] offset after the time of day.</summary>
    internal static bool HasOffset(ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && (text[^1] is 'Z' or 'z'))
        {
            return true;
        }

        if (text.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) || text.EndsWith(" GMT", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var timeStart = text.IndexOfAny('T', ' ');
        if (timeStart < 0)
        {
            return false;
        }

        var rest = text[timeStart..];
        var sign = rest.LastIndexOfAny('+', '-');
        return sign > 0 && rest.Length - sign is 3 or 5 or 6;
    }

    /// <summary>
    /// Hand-rolled reader for the common shape <c>yyyy-MM-dd[T| ]HH:mm:ss[.f…](Z|±hh:mm|±hhmm)</c>; anything else
    /// returns false and takes the general path. Fractions beyond milliseconds are truncated.
    /// </summary>
    internal static bool TryParseIsoWithOffset(ReadOnlySpan<char> s, out long utcMs, out int offsetMinutes)
    {
        utcMs = 0;
        offsetMinutes = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        var millis = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var scale = 100;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                millis += scale * (s[i] - '0');
                scale /= 10;
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        var zone = s[i..];
        if (zone is "Z" or "z")
        {
            offsetMinutes = 0;
        }
        else if (zone.Length is 6 && zone[3] == ':' && Digits(zone, 1, 2, out var oh) && Digits(zone, 4, 2, out var om)
                 || zone.Length is 5 && Digits(zone, 1, 2, out oh) && Digits(zone, 3, 2, out om))
        {
            if (zone[0] is not ('+' or '-'))
            {
                return false;
            }

            offsetMinutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, millis, DateTimeKind.Unspecified);
        utcMs = (local.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond - offsetMinutes * 60_000L;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var k = start; k < start + count; k++)
        {
            var d = s[k] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = value * 10 + d;
        }

        return true;
    }
}
