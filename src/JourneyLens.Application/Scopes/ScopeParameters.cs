using JourneyLens.Application.Saved;
using JourneyLens.Application.Parameters;
using JourneyLens.Core.Engine;

namespace JourneyLens.Application.Scopes;

/// <summary>The parameters of the scope, node grouping and breakdown that analyses share, and their binding.</summary>
public static class ScopeParameters
{
    public const int MaxSegments = Core.Engine.Breakdown.MaxGroups;

    public static readonly Parameter<double?> JourneyGap = new("journey-gap", "Days of inactivity that end a journey (default 30; 0 = one journey per person)") { Place = ParameterPlace.Filter, Label = "Journey gap (days)" };
    public static readonly Parameter<string?> From = new("from", "Only events on or after this day (yyyy-MM-dd, in the workspace's time zone)") { Place = ParameterPlace.Filter, Kind = TextKind.Date, Label = "From (day)" };
    public static readonly Parameter<string?> To = new("to", "Only events before this day (yyyy-MM-dd, in the workspace's time zone)") { Place = ParameterPlace.Filter, Kind = TextKind.Date, Label = "Until (day, not included)" };
    public static readonly Parameter<string?> Where = new("where", "Only the events that match a filter, e.g. \"channel in ('app','web')\"") { Place = ParameterPlace.Filter, Kind = TextKind.Filter, Label = "Only events where" };
    public static readonly Parameter<string?> Segment = new("segment", "Only the persons with an event that matches a filter, e.g. \"prop.persona = 'family'\"") { Place = ParameterPlace.Filter, Kind = TextKind.Filter, Label = "Segment (persons with an event where)" };

    public static readonly Parameter<NodeKind> Node = new("node", "What a step is: touchpoint (default), channel, or phase (under --lens, from the touchpoint catalogue)") { Default = NodeKind.Touchpoint, Place = ParameterPlace.More };
    public static readonly Parameter<string> Lens = new("lens", "The lens whose phases --node phase uses (default lifecycle)") { Default = Core.Catalogue.Lens.Default, Place = ParameterPlace.More };
    public static readonly Parameter<string?> By = new("by", "Break down by channel, touchpoint, outcome or prop.NAME: each person's first value") { Place = ParameterPlace.More, Label = "Break down by" };
    public static readonly Parameter<string[]> BySegment = new("by-segment", "Break down by segments: a filter per group (repeat); a person may be in several") { Default = [], Place = ParameterPlace.More, Kind = TextKind.Filter, Label = "Break down by segments" };
    public static readonly Parameter<int> Groups = new("groups", "Largest groups of --by to show (the rest is '(other)'), 1 to 50") { Default = 10, Place = ParameterPlace.More, Label = "Largest groups shown" };

    /// <summary>Journey gap, date range, event filter and segment: what every analysis takes.</summary>
    public static readonly IReadOnlyList<Parameter> Common = [JourneyGap, From, To, Where, Segment];

    /// <summary>Node grouping and breakdown: what the analyses over steps take besides <see cref="Common"/>.</summary>
    public static readonly IReadOnlyList<Parameter> Grouping = [Node, Lens, By, BySegment, Groups];

    public static Scope Scope(ParameterValues values) =>
        Scope(values.Get(JourneyGap), values.Get(From), values.Get(To), values.Get(Where), values.Get(Segment), values.Segments);

    /// <summary>
    /// A scope from its parts as written; every part checked, with the option at fault named. An event filter or
    /// segment written <c>@name</c> is the saved segment of that name in <paramref name="saved"/>.
    /// </summary>
    public static Scope Scope(double? gapDays, string? from, string? to, string? where, string? segment, SavedSegments? saved = null)
    {
        if (gapDays is < 0 or > 36_500)
        {
            throw new RequestException($"--journey-gap {gapDays}: expected 0 to 36500 days", JourneyGap.Name);
        }

        var (fromMs, toMs) = (Date(from, From.Name), Date(to, To.Name));
        if (fromMs >= toMs)
        {
            throw new RequestException($"--from {from} --to {to}: an empty range; --to is the first day left out, so it comes after --from", To.Name);
        }

        return new Scope(gapDays is { } d ? TimeSpan.FromDays(d) : JourneyIndex.DefaultGap, fromMs, toMs,
            where is null ? null : SavedSegments.Resolve(where, saved, Where.Name), segment is null ? null : SavedSegments.Resolve(segment, saved, Segment.Name))
        {
            GapDays = gapDays,
            FromText = from,
            ToText = to,
        };
    }

    public static Nodes Nodes(ParameterValues values) => new(values.Get(Node), values.Get(Lens));

    /// <summary>The scope, nodes and breakdown of an analysis over steps (one that takes <see cref="Common"/> and <see cref="Grouping"/>).</summary>
    public static Registry.Selection Selection(ParameterValues values) => new(Scope(values), Nodes(values), Breakdown(values));

    /// <summary>The breakdown asked for, or null for one answer over the whole scope.</summary>
    public static Breakdown? Breakdown(ParameterValues values)
    {
        var (by, segments, groups) = (values.Get(By), values.Get(BySegment), values.Get(Groups));
        if (by is not null && segments.Length > 0)
        {
            throw new RequestException("use either --by or --by-segment, not both", By.Name);
        }

        if (groups is < 1 or > Core.Engine.Breakdown.MaxGroups)
        {
            throw new RequestException($"--groups {groups}: expected 1 to {Core.Engine.Breakdown.MaxGroups}", Groups.Name);
        }

        if (segments.Length > MaxSegments)
        {
            throw new RequestException($"at most {MaxSegments} --by-segment filters", BySegment.Name);
        }

        if (by is not null && by is not ("channel" or "touchpoint" or "outcome") && !(by.StartsWith(Core.Filters.Compare.PropertyPrefix, StringComparison.Ordinal) && by.Length > Core.Filters.Compare.PropertyPrefix.Length))
        {
            throw new RequestException($"--by {by}: expected channel, touchpoint, outcome or prop.NAME", By.Name);
        }

        return by is null && segments.Length == 0 ? null : new Breakdown(by, segments.Select(s => SavedSegments.Resolve(s, values.Segments, BySegment.Name)).ToList(), groups);
    }

    /// <summary>A yyyy-MM-dd date as UTC milliseconds (a backend reads it again as a day in its display zone).</summary>
    public static long? Date(string? text, string parameter) => Days.Start(text, null, parameter);
}
