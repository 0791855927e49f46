using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Filters;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Queries;

namespace JourneyLens.Cli.Commands;

/// <summary>The result of an analysis per breakdown group (JSON: <c>{"by", "groups":[{"value","persons","result"}]}</c>).</summary>
public sealed record BreakdownResult<T>(string By, IReadOnlyList<GroupResult<T>> Groups);

public sealed record GroupResult<T>(string Value, int Persons, T Result);

/// <summary>What an analysis runs on: the (group's) engine, and a way to turn filter text into a predicate over its events.</summary>
public sealed record AnalysisScope(JourneyEngine Engine, Func<string, Func<int, bool>> Filter, TouchpointCatalogue Catalogue)
{
    /// <summary>Self-service and assisted channels, with the catalogue's outbound touchpoints excluded from contacts.</summary>
    public ChannelClasses Channels(ChannelClasses classes) =>
        classes with { Outbound = Catalogue.Touchpoints.Where(t => t.Outbound).Select(t => t.Name).ToHashSet(StringComparer.Ordinal) };
}

/// <summary>
/// Node grouping (--node, --lens) and breakdowns (--by, --by-segment) for the analyses: the scope is opened once,
/// the analysis runs per group, and the output keeps one table shape with the group as its first column.
/// </summary>
public static class AnalysisRun
{
    public static readonly Option<NodeKind> Node = new("--node")
    {
        Description = "What a step is: touchpoint (default), channel, or phase (under --lens, from the touchpoint catalogue)",
        DefaultValueFactory = _ => NodeKind.Touchpoint,
    };

    public static readonly Option<string> LensName = new("--lens") { Description = "The lens whose phases --node phase uses (default lifecycle)", DefaultValueFactory = _ => Lens.Default };
    public static readonly Option<string?> By = new("--by") { Description = "Break down by channel, touchpoint, outcome or prop.NAME: each person's first value" };
    public static readonly Option<string[]> BySegment = new("--by-segment") { Description = "Break down by segments: a filter per group (repeat); a person may be in several" };
    public static readonly Option<int> Groups = new("--groups") { Description = "Largest groups of --by to show (the rest is '(other)'), 1 to 50", DefaultValueFactory = _ => 10 };

    /// <summary>Adds the analysis options, node grouping and breakdown options, and --input with its reading options.</summary>
    public static void AddOptions(Command command, CliContext context)
    {
        CommonOptions.AddAnalysisOptions(command);
        if (context.LocalFiles)
        {
            AnalysisSource.AddOptions(command);
        }

        foreach (var option in new Option[] { Node, LensName, By, BySegment, Groups })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Runs <paramref name="analyze"/> on the scope (or per group) and writes the result in the chosen format.</summary>
    public static int Run<T>(CliContext context, ParseResult parse, Func<AnalysisScope, T> analyze, Func<T, DataTable[]> tables, Func<T, string>? svg = null)
        where T : notnull
    {
        using var source = AnalysisSource.Open(parse, context);
        var catalogue = source.Catalogue;
        var engine = Regroup(parse, catalogue, source.Engine);
        var output = new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format));
        var groups = Split(parse, source.Properties, engine.Events);
        if (groups is null)
        {
            var result = analyze(Scope(source.Properties, engine, catalogue));
            if (svg is null)
            {
                output.Write(result, tables(result));
            }
            else
            {
                output.Write(result, () => svg(result), tables(result));
            }

            return ExitCode.Ok;
        }

        if (output.Format == OutputFormat.Svg)
        {
            throw new UsageException("--format svg draws one group; leave out --by and --by-segment, or use --segment for the group you want");
        }

        var gap = CommonOptions.Gap(parse);
        var byName = parse.GetValue(By) ?? "segment";
        var results = groups.Select(g => new GroupResult<T>(g.Value, g.Persons, analyze(Scope(source.Properties, new JourneyEngine(g.Events, JourneyIndex.Cut(g.Events, gap)), catalogue)))).ToList();
        output.Write(new BreakdownResult<T>(byName, results), Merge(byName, results.Select(r => (r.Value, tables(r.Result))).ToList()));
        return ExitCode.Ok;
    }

    /// <summary>The scope of one analysis; the catalogue is read once per command, not per breakdown group.</summary>
    public static AnalysisScope Scope(Workspace workspace, JourneyEngine engine, TouchpointCatalogue catalogue) =>
        Scope((events, names) => PropertyColumns.Load(workspace, events, names), engine, catalogue);

    public static AnalysisScope Scope(PropertyLoader properties, JourneyEngine engine, TouchpointCatalogue catalogue) =>
        new(engine, filter => CommonOptions.Predicate(properties, engine.Events, filter), catalogue);

    public static AnalysisScope Scope(Workspace workspace, JourneyEngine engine) => Scope(workspace, engine, CatalogueStore.Load(workspace));

    private static JourneyEngine Regroup(ParseResult parse, TouchpointCatalogue catalogue, JourneyEngine engine)
    {
        var kind = parse.GetValue(Node);
        if (kind == NodeKind.Touchpoint)
        {
            return engine;
        }

        var lens = parse.GetValue(LensName)!;
        if (kind == NodeKind.Phase)
        {
            ExperienceOptions.RequireCatalogue(catalogue, "--node phase").LensNamed(lens);
        }

        return new JourneyEngine(NodeGrouping.Apply(engine.Events, kind, catalogue, lens), engine.Journeys);
    }

    private static IReadOnlyList<BreakdownGroup>? Split(ParseResult parse, PropertyLoader properties, EventTable events)
    {
        var (by, segments) = (parse.GetValue(By), parse.GetValue(BySegment) ?? []);
        if (by is not null && segments.Length > 0)
        {
            throw new UsageException("use either --by or --by-segment, not both");
        }

        var groups = parse.GetValue(Groups);
        if (groups is < 1 or > Breakdown.MaxGroups)
        {
            throw new UsageException($"--groups {groups}: expected 1 to {Breakdown.MaxGroups}");
        }

        if (segments.Length > Breakdown.MaxGroups)
        {
            throw new UsageException($"at most {Breakdown.MaxGroups} --by-segment filters");
        }

        if (segments.Length > 0)
        {
            return Breakdown.BySegments(events, segments.Select(s => (s, CommonOptions.Predicate(properties, events, s))).ToList());
        }

        return by switch
        {
            null => null,
            "channel" => Breakdown.ByFirstValue(events, i => events.ChannelNames[events.Channel[i]], groups),
            "touchpoint" => Breakdown.ByFirstValue(events, i => events.TouchpointNames[events.Touchpoint[i]], groups),
            "outcome" => Breakdown.ByFirstValue(events, i => events.Outcome[i] == 0 ? null : events.OutcomeNames[events.Outcome[i]], groups),
            _ when by.StartsWith(Compare.PropertyPrefix, StringComparison.Ordinal) && by.Length > Compare.PropertyPrefix.Length =>
                ByProperty(properties, events, by[Compare.PropertyPrefix.Length..], groups),
            _ => throw new UsageException($"--by {by}: expected channel, touchpoint, outcome or prop.NAME"),
        };
    }

    private static IReadOnlyList<BreakdownGroup> ByProperty(PropertyLoader properties, EventTable events, string name, int groups)
    {
        var values = properties(events, [name])[name];
        return Breakdown.ByFirstValue(events, i => values[i], groups);
    }

    /// <summary>Each table once, with the group as its first column and the rows of every group in turn.</summary>
    private static DataTable[] Merge(string by, IReadOnlyList<(string Value, DataTable[] Tables)> groups)
    {
        if (groups.Count == 0)
        {
            return [];
        }

        return groups[0].Tables.Select((first, t) => new DataTable(
            $"{first.Title.Split(':')[0]} — by {by}",
            [by, .. first.Columns],
            groups.SelectMany(g => g.Tables[t].Rows.Select(r => (IReadOnlyList<string>)[g.Value, .. r])).ToList())
        { NumericColumns = first.NumericColumns.Select(c => c + 1).ToHashSet() }).ToArray();
    }
}
