using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens opportunities</c> and <c>journeylens painpoints</c>: the improvement board over the maps and the data.</summary>
public static class OpportunitiesCommand
{
    private static readonly Argument<string[]> Maps = new("maps") { Description = "Map files or ids of saved maps (default: every map saved in the workspace)", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string?> MapOption = new("--map") { Description = "Also attach them to the steps of this map and add its drop-offs and researched pain points" };
    private static readonly Option<OpportunityStatus?> Status = new("--status") { Description = "Only opportunities with this status: idea, building, measuring or done" };

    public static Command Create(CliContext context)
    {
        var command = new Command("opportunities", "Opportunities from the maps by priority (impact ÷ effort), with the baseline, the metric measured now, the target and progress");
        command.Arguments.Add(Maps);
        command.Options.Add(Status);
        command.Options.Add(CompareCommand.MinN);
        MapBindCommand.AddOptions(command);
        command.SetAction(parse =>
        {
            using var scope = MapScope.Open(parse);
            var maps = scope.LoadAll(parse.GetValue(Maps) ?? []);
            if (maps.Count == 0)
            {
                throw new UsageException("no maps: name map files, or save maps in the workspace with `journeylens map save FILE`");
            }

            var rows = OpportunityBoard.Rows(maps.Select(scope.Bind), scope.Engine, scope.Channels, scope.Measured, parse.GetValue(CompareCommand.MinN))
                .Where(r => parse.GetValue(Status) is not { } s || r.Opportunity.Status == s).ToList();
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(rows, Table(rows));
            return ExitCode.Ok;
        });
        return command;
    }

    public static DataTable Table(IReadOnlyList<OpportunityRow> rows) =>
        new($"Opportunities by priority (impact ÷ effort): {rows.Count}",
            ["map", "opportunity", "status", "owner", "impact", "effort", "priority", "metric", "baseline", "now [95%]", "target", "progress", "baseline → now", "note"],
            rows.Select(r => (IReadOnlyList<string>)[r.Map, r.Opportunity.Title, r.Opportunity.Status.ToString().ToLowerInvariant(), r.Opportunity.Owner ?? "",
                Show.Number(r.Impact), Show.Number(r.Effort), r.Priority.ToString("0", CultureInfo.InvariantCulture), r.Opportunity.Metric ?? "",
                r.Baseline is { } b ? Value(b) : "", r.Now is { } n ? $"{Value(n.Value)} [{Value(n.Low)}, {Value(n.High)}]" : "",
                r.Opportunity.Target is { } t ? Value(t) : "", r.Progress is { } p ? Show.Percent(p) : "",
                r.Comparison is { } c ? $"{c.Verdict} (p {ExperienceOptions.P(c.Difference.P)})" : "", r.Problem ?? ""]).ToList())
        { NumericColumns = new HashSet<int> { 4, 5, 6 } };

    public static Command PainPointsCommand(CliContext context)
    {
        var command = new Command("painpoints", "Pain points found in the data — low points, failed self-service, repeat contact, loops, long waits (and drop-offs along a map) — by impact");
        command.Options.Add(MapOption);
        MapBindCommand.AddOptions(command);
        command.SetAction(parse =>
        {
            using var scope = MapScope.Open(parse);
            var output = new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format));
            if (parse.GetValue(MapOption) is { } map)
            {
                var bound = scope.Bind(scope.Load(map));
                output.Write(new { bound.Pains, bound.Unattached, bound.Notes }, MapBindCommand.PainTable($"Pain points of '{bound.Map.Title}' by impact (customers affected × severity)", bound.Pains));
                return ExitCode.Ok;
            }

            var result = PainPoints.Detect(scope.Engine, new PainRequest(scope.Channels, scope.Catalogue, parse.GetValue(MapBindCommand.ViewLens) ?? Core.Catalogue.Lens.Default, MapBindCommand.Rules(parse)));
            foreach (var note in result.Notes)
            {
                context.Error.WriteLine($"note: {note}");
            }

            output.Write(result, PainTable(result));
            return ExitCode.Ok;
        });
        return command;
    }

    public static DataTable PainTable(PainPointsResult result) => PainTable("Pain points in the data by impact (customers affected × severity)", result.Pains);

    public static DataTable PainTable(string title, IEnumerable<DetectedPain> pains) =>
        new(title, ["kind", "at", "customers", "severity", "impact", "evidence"],
            pains.Select(p => (IReadOnlyList<string>)[DetectedPain.KindName(p.Kind), p.At, Show.Number(p.CustomersAffected), Show.Number(p.Severity), Show.Number(p.Impact), p.Evidence]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3, 4 } };

    private static string Value(double v) => double.IsNaN(v) ? "" : Math.Round(v, 4).ToString(CultureInfo.InvariantCulture);
}
