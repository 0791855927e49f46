using JourneyLens.Core.Engine;
using JourneyLens.Core.Filters;

namespace JourneyLens.Application.Scopes;

/// <summary>A filter as the user wrote it and as parsed: backends get the tree, labels and stored definitions the text.</summary>
public sealed record Filter(string Text, FilterExpression Expression)
{
    /// <summary>The saved segment's name when the filter was given as <c>@name</c> (<see cref="SavedSegments"/>).</summary>
    public string? Name { get; init; }

    /// <summary>How results name the filter: the saved segment's <c>@name</c>, else the filter as written.</summary>
    public string Label => Name is null ? Text : "@" + Name;

    public static Filter Parse(string text) => new(text, FilterParser.Parse(text));
}

/// <summary>
/// What every analysis runs over: the events in a date range (UTC milliseconds, end exclusive), then those an event
/// filter keeps, then the persons a segment keeps; journeys are cut from what remains with <see cref="Gap"/>.
/// </summary>
public sealed record Scope(TimeSpan Gap, long? FromMs = null, long? ToMs = null, Filter? Where = null, Filter? Segment = null)
{
    public static readonly Scope All = new(JourneyIndex.DefaultGap);

    /// <summary>The journey gap in days as given (null: the default), for definitions that are stored and re-run later.</summary>
    public double? GapDays { get; init; }

    /// <summary>The dates as given (yyyy-MM-dd), for labels and stored definitions.</summary>
    public string? FromText { get; init; }

    public string? ToText { get; init; }

    public bool Narrows => FromMs is not null || ToMs is not null || Where is not null || Segment is not null;

    /// <summary>The dates as days in <paramref name="zone"/> (the workspace's display zone): from its first moment to the next day's.</summary>
    public Scope InZone(TimeZoneInfo? zone) => zone is null ? this : this with { FromMs = Days.Start(FromText, zone), ToMs = Days.Start(ToText, zone) };
}

/// <summary>What a step (node) of a path, funnel or process map stands for: touchpoints, channels, or phases of a lens.</summary>
public sealed record Nodes(NodeKind Kind, string Lens)
{
    public static readonly Nodes Touchpoints = new(NodeKind.Touchpoint, Core.Catalogue.Lens.Default);
}

/// <summary>
/// An analysis per group of persons: by the first value of a field (channel, touchpoint, outcome or prop.NAME; the
/// largest <see cref="Groups"/>, the rest together), or by named segments (a person may be in several).
/// </summary>
public sealed record Breakdown(string? By, IReadOnlyList<Filter> Segments, int Groups)
{
    /// <summary>The name of the grouping in results: the field, or "segment".</summary>
    public string Name => By ?? "segment";
}

/// <summary>Dates as users give them (yyyy-MM-dd): days in a zone, UTC when none is set.</summary>
public static class Days
{
    /// <summary>The first moment of day <paramref name="text"/> in <paramref name="zone"/>, as UTC milliseconds.</summary>
    public static long? Start(string? text, TimeZoneInfo? zone, string parameter = "from")
    {
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            throw new Parameters.RequestException($"--{parameter} {text}: expected a date as yyyy-MM-dd", parameter);
        }

        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone is null)
        {
            return new DateTimeOffset(local, TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30); // midnight skipped by a daylight-saving change: the day starts when the clock does
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero).ToUnixTimeMilliseconds();
    }
}
