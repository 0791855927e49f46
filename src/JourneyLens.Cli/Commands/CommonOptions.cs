using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Filters;
using JourneyLens.Storage.Queries;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;

namespace JourneyLens.Cli.Commands;

/// <summary>Options every command understands.</summary>
public static class CommonOptions
{
    public static readonly Option<string?> Workspace = new("--workspace", "-w")
    {
        Description = $"Workspace folder (default: ${Storage.Workspace.EnvironmentVariable}, else ./{Storage.Workspace.DefaultFolder})",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Format = new("--format", "-f")
    {
        Description = "Output format: table, json or csv (jsonl for export and generate; svg for paths, funnel, process-map, scores, switching and map render; html: the tables and picture as an HTML fragment, a whole page for map render; mermaid for map render)",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static Func<int, bool> Predicate(Storage.Workspace workspace, EventTable events, string filter) =>
        Predicate((t, names) => PropertyColumns.Load(workspace, t, names), events, filter);

    /// <param name="properties">Loads the named free properties as columns aligned with the events (from the workspace or an --input file).</param>
    public static Func<int, bool> Predicate(PropertyLoader properties, EventTable events, string filter)
    {
        var expression = FilterParser.Parse(filter);
        return FilterEvaluator.Compile(expression, events, properties(events, expression.Properties()));
    }

    /// <summary>A yyyy-MM-dd date as UTC milliseconds.</summary>
    public static long? Date(string? text, string option) =>
        text is null ? null
        : DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUnixTimeMilliseconds()
            : throw new UsageException($"{option} {text}: expected a date as yyyy-MM-dd");

    public static string WorkspaceFolder(ParseResult parse) => Storage.Workspace.ResolveFolder(parse.GetValue(Workspace));

    public static readonly Option<string?> From = new("--from") { Description = "Only events on or after this date (yyyy-MM-dd, UTC)" };
    public static readonly Option<string?> To = new("--to") { Description = "Only events before this date (yyyy-MM-dd, UTC)" };
    public static readonly Option<string?> Where = new("--where") { Description = "Only the events that match a filter, e.g. \"channel in ('app','web')\"" };
    public static readonly Option<string?> Segment = new("--segment") { Description = "Only the persons with an event that matches a filter, e.g. \"prop.persona = 'family'\"" };

    public static readonly Option<double?> JourneyGapDays = new("--journey-gap")
    {
        Description = "Days of inactivity that end a journey (default 30; 0 = one journey per person)",
    };

    /// <summary>The journey gap of --journey-gap, else the default.</summary>
    public static TimeSpan Gap(ParseResult parse)
    {
        var days = parse.GetValue(JourneyGapDays);
        if (days is < 0 or > 36_500)
        {
            throw new UsageException($"--journey-gap {days}: expected 0 to 36500 days");
        }

        return days is { } d ? TimeSpan.FromDays(d) : JourneyIndex.DefaultGap;
    }

    /// <summary>The options every analysis takes: journey gap, date range, event filter and segment.</summary>
    public static void AddAnalysisOptions(Command command)
    {
        command.Options.Add(JourneyGapDays);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Where);
        command.Options.Add(Segment);
    }

    /// <summary>Opens the existing workspace and loads its engine with the command's journey gap, date range, event filter and segment.</summary>
    public static (Storage.Workspace Workspace, JourneyEngine Engine) OpenEngine(ParseResult parse) =>
        OpenEngine(WorkspaceFolder(parse), Gap(parse), parse.GetValue(From), parse.GetValue(To), parse.GetValue(Where), parse.GetValue(Segment));

    public static (Storage.Workspace Workspace, JourneyEngine Engine) OpenEngine(string folder, TimeSpan gap, string? fromDate, string? toDate, string? where, string? segment)
    {
        var workspace = Storage.Workspace.Open(folder, create: false);
        try
        {
            var engine = EngineLoader.Load(workspace, gap);
            return (workspace, Narrow(engine, gap, fromDate, toDate, where, segment, (t, names) => PropertyColumns.Load(workspace, t, names)));
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>The engine cut down to the date range, then the event filter, then the segment; journeys are cut from what remains.</summary>
    public static JourneyEngine Narrow(JourneyEngine engine, TimeSpan gap, string? fromDate, string? toDate, string? where, string? segment, PropertyLoader properties)
    {
        var (from, to) = (Date(fromDate, "--from"), Date(toDate, "--to"));
        if (from is null && to is null && where is null && segment is null)
        {
            return engine;
        }

        var events = from is null && to is null ? engine.Events : EventTableFilter.Between(engine.Events, from ?? long.MinValue, to ?? long.MaxValue);
        if (where is not null)
        {
            events = EventTableFilter.Where(events, Predicate(properties, events, where));
        }

        if (segment is not null)
        {
            events = EventTableFilter.PersonsWithAny(events, Predicate(properties, events, segment));
        }

        return new JourneyEngine(events, JourneyIndex.Cut(events, gap));
    }
}

/// <summary>Free properties by name as columns aligned with <c>events</c>.</summary>
public delegate IReadOnlyDictionary<string, string?[]> PropertyLoader(EventTable events, IEnumerable<string> names);
