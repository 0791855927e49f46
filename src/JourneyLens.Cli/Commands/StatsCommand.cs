using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Analyses;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens stats</c>: what is in the workspace.</summary>
public static class StatsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("stats", "Persons, journeys, events, channels, touchpoints, date range and per-channel counts");
        CommonOptions.AddAnalysisOptions(command);
        command.SetAction(parse =>
        {
            var (workspace, engine) = CommonOptions.OpenEngine(parse);
            using var open = workspace;
            var o = Overview.Compute(engine);
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(o, Tables(o));
            return ExitCode.Ok;
        });
        return command;
    }

    internal static DataTable[] Tables(OverviewResult o)
    {
        var summary = new DataTable("Workspace", ["", "value"],
        [
            ["persons", Show.Number(o.Persons)],
            ["journeys", Show.Number(o.Journeys)],
            ["events", Show.Number(o.Events)],
            ["channels", Show.Number(o.Channels)],
            ["touchpoints", Show.Number(o.Touchpoints)],
            ["first event", o.First is { } f ? Show.Timestamp(f.ToUnixTimeMilliseconds()) : ""],
            ["last event", o.Last is { } l ? Show.Timestamp(l.ToUnixTimeMilliseconds()) : ""],
        ])
        { NumericColumns = new HashSet<int> { 1 } };
        var channels = new DataTable("Per channel", ["channel", "events", "persons", "journeys"],
            o.PerChannel.Select(c => (IReadOnlyList<string>)[Show.Channel(c.Channel), Show.Number(c.Events), Show.Number(c.Persons), Show.Number(c.Journeys)]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3 } };
        return [summary, channels];
    }
}
