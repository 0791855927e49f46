using System.Globalization;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Rendering.Tables;
using JourneyLens.Storage.Measurements;
using JourneyLens.Storage.Queries;

namespace JourneyLens.Application.Analyses;

/// <param name="Identifier">Any identifier of the person: a value, or type:value.</param>
public sealed record PersonTimelineQuery(Selection Over, string Identifier) : IQuery<PersonReport>;

public sealed record MeasurementListQuery() : IQuery<IReadOnlyList<MeasurementSummary>>
{
    public Selection Over => Selection.All;
}

/// <summary>A saved measurement without its values.</summary>
public sealed record MeasurementSummary(string Name, DateTimeOffset Taken, MeasurementDefinition Definition);

/// <summary><c>person</c> and <c>measure list</c>: what the workspace knows of one person, and its saved measurements.</summary>
public static class WorkspaceAnalyses
{
    public static readonly Analysis Person = new Analysis<PersonTimelineQuery, PersonReport>
    {
        Name = "person",
        Command = ["person"],
        Title = "Person",
        Summary = "One person's identifiers, why they were merged, and their journeys",
        Description = "Show a person's identifiers, the stitching decisions behind them, and their journeys as a timeline",
        Argument = new PositionalArgument("id", "Any identifier of the person: a value, or type:value (e.g. email:ann@example.com)"),
        Parameters = ScopeParameters.Common,
        Bind = values => new PersonTimelineQuery(Selection.Of(ScopeParameters.Scope(values)), values.Argument!),
        Tables = (_, report) => PersonTables(report),
    };

    public static readonly Analysis Measurements = new Analysis<MeasurementListQuery, IReadOnlyList<MeasurementSummary>>
    {
        Name = "measurements",
        Command = ["measure", "list"],
        Title = "Measurements",
        Summary = "Saved baseline measurements",
        Description = "The stored measurements",
        Parameters = [],
        Bind = _ => new MeasurementListQuery(),
        Tables = (_, all) =>
        [
            new DataTable("Measurements", ["name", "taken (UTC)", "metrics", "scope"],
                all.Select(m => (IReadOnlyList<string>)[m.Name, m.Taken.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), string.Join(", ", m.Definition.Metrics), ScopeText(m.Definition)]).ToList()),
        ],
    };

    /// <summary>A measurement's scope as the options that give it.</summary>
    public static string ScopeText(MeasurementDefinition d) => string.Join(" ", new[]
    {
        d.From is null ? null : $"--from {d.From}", d.To is null ? null : $"--to {d.To}", d.Where is null ? null : $"--where \"{d.Where}\"", d.Segment is null ? null : $"--segment \"{d.Segment}\"",
    }.Where(x => x is not null));

    private static DataTable[] PersonTables(PersonReport report)
    {
        var identifiers = new DataTable($"Person {report.Key}{(report.Capped ? " (at the identifier cap: not merged further)" : "")}", ["type", "value", "first seen", ""],
            report.Identifiers.Select(i => (IReadOnlyList<string>)[i.Type, i.Value, Show.Timestamp(i.FirstSeenMs, report.Zone), i.IsKey ? "person key" : ""]).ToList());
        var links = new DataTable("Why these identifiers are one person", ["identifier", "seen with", "decision", "where", "detail"],
            report.Links.Select(l => (IReadOnlyList<string>)[l.A, l.B, Decision(l.Decision), $"{l.File}:{l.Line.ToString(CultureInfo.InvariantCulture)}", l.Detail ?? ""]).ToList());
        var timeline = new DataTable("Journeys", ["journey", "timestamp", "channel", "touchpoint", "score", "value", "outcome"],
            report.Journeys.SelectMany(j => j.Events.Select((e, k) => (IReadOnlyList<string>)[
                k == 0 ? $"#{j.Ordinal}" : "",
                Show.Timestamp(e.TimestampMs, report.Zone),
                Show.Channel(e.Channel),
                e.Touchpoint,
                e.Score ?? "",
                e.Value is { } v ? Show.Number(v) : "",
                e.Outcome ?? ""])).ToList());
        return [identifiers, links, timeline];
    }

    private static string Decision(Core.Identity.LinkDecision d) => d switch
    {
        Core.Identity.LinkDecision.Merged => "merged",
        Core.Identity.LinkDecision.AlreadyTogether => "already one person",
        Core.Identity.LinkDecision.RefusedUnique => "refused: unique type",
        Core.Identity.LinkDecision.RefusedCap => "refused: identifier cap",
        _ => d.ToString(),
    };
}

/// <summary>Every event of the selection with its stitched person and journey, read as it is written out.</summary>
public sealed record ExportQuery(Selection Over) : IQuery<ExportedEvents>;

/// <param name="Events">Read lazily from the backend: write them out before the backend is closed.</param>
public sealed record ExportedEvents(IReadOnlyList<string> PropertyKeys, IEnumerable<ExportedEvent> Events);

/// <summary>The touchpoint names of the selection's events, in their order of first appearance (forms offer them).</summary>
public sealed record TouchpointsQuery(Selection Over) : IQuery<IReadOnlyList<string>>;

/// <summary>The touchpoint catalogue: owners, channels and phases per lens.</summary>
public sealed record CatalogueQuery() : IQuery<Core.Catalogue.TouchpointCatalogue>
{
    public Selection Over => Selection.All;
}
