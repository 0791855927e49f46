using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens compare --metric M …</c>: metrics for a baseline and a current period, two segments, or two random halves.</summary>
public static class CompareCommand
{
    public static readonly Option<string[]> Metrics = new("--metric")
    {
        Description = "A metric (repeat): nps, csat, ces (optionally @TOUCHPOINT), failed-self-service@T, repeat-contact@T, conversion@A>B, reach@T, journey-duration",
        Required = true,
    };

    public static readonly Option<int> MinN = new("--min-n") { Description = "Fewer observations than this on either side: 'not enough data' (default 30)", DefaultValueFactory = _ => 30 };
    private static readonly Option<string?> BaselineFrom = new("--baseline-from") { Description = "Baseline period start (yyyy-MM-dd)" };
    private static readonly Option<string?> BaselineTo = new("--baseline-to") { Description = "Baseline period end, exclusive (yyyy-MM-dd)" };
    private static readonly Option<string?> CurrentFrom = new("--current-from") { Description = "Current period start (yyyy-MM-dd)" };
    private static readonly Option<string?> CurrentTo = new("--current-to") { Description = "Current period end, exclusive (yyyy-MM-dd)" };
    private static readonly Option<string?> SegmentA = new("--a") { Description = "Segment A: a filter (persons with a matching event)" };
    private static readonly Option<string?> SegmentB = new("--b") { Description = "Segment B: a filter" };
    private static readonly Option<bool> RandomHalves = new("--aa") { Description = "Compare two random halves of the persons (an A/A check: should not be significant)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("compare", "Compare metrics between two periods, two segments or two random halves: delta, 95 % interval, p-value and a verdict");
        CommonOptions.AddAnalysisOptions(command);
        foreach (var option in new Option[] { Metrics, MinN, BaselineFrom, BaselineTo, CurrentFrom, CurrentTo, SegmentA, SegmentB, RandomHalves })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var metrics = MetricList(parse);
            var (workspace, engine) = CommonOptions.OpenEngine(parse);
            using var open = workspace;
            var (a, b, labels) = Sides(parse, workspace, engine);
            var channels = AnalysisRun.Scope(workspace, engine).Channels(ChannelClasses.Default);

            // The two sides are independent: each is cut and measured on its own core.
            var gap = CommonOptions.Gap(parse);
            List<MetricValue> Measure(Func<EventTable> side)
            {
                var events = side();
                var cut = new JourneyEngine(events, JourneyIndex.Cut(events, gap));
                return metrics.Select(m => Metric.Measure(cut, m, channels)).ToList();
            }

            List<MetricValue> valuesA = [], valuesB = [];
            SideBySide.Run(() => valuesA = Measure(a), () => valuesB = Measure(b));
            var result = new ComparisonResult(labels.A, labels.B, valuesA.Zip(valuesB, (va, vb) => Verdicts.Compare(va, vb, parse.GetValue(MinN))).ToList());
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(result, Table(result));
            return ExitCode.Ok;
        });
        return command;
    }

    internal static string[] MetricList(ParseResult parse)
    {
        var metrics = parse.GetValue(Metrics)!;
        return metrics.Length is >= 1 and <= 50 ? metrics : throw new UsageException("give 1 to 50 --metric options");
    }

    public static DataTable Table(ComparisonResult result) =>
        new($"{result.A} → {result.B}", ["metric", "A", "n A", "B", "n B", "difference [95% interval]", "p", "verdict"],
            result.Metrics.Select(m => (IReadOnlyList<string>)[m.Metric, Rendering.Format.Metric(m.A, m.A.Value), Show.Number(m.A.N), Rendering.Format.Metric(m.B, m.B.Value), Show.Number(m.B.N),
                $"{Delta(m.A, m.Difference.Delta)} [{Delta(m.A, m.Difference.Low)}, {Delta(m.A, m.Difference.High)}]", ExperienceOptions.P(m.Difference.P), m.Verdict]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3, 4, 6 } };

    private static string Delta(MetricValue v, double d) => double.IsNaN(d) ? "" : v.Kind switch
    {
        MetricKind.Score => Rendering.Format.ScoreValue(v.ScoreType, d),
        MetricKind.Proportion => (d * 100).ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + " pt",
        _ => ExperienceOptions.Signed(d),
    };

    private static (Func<EventTable> A, Func<EventTable> B, (string A, string B) Labels) Sides(ParseResult parse, Storage.Workspace workspace, JourneyEngine engine)
    {
        var periods = new[] { BaselineFrom, BaselineTo, CurrentFrom, CurrentTo }.Select(o => parse.GetValue(o)).ToArray();
        var (segmentA, segmentB, halves) = (parse.GetValue(SegmentA), parse.GetValue(SegmentB), parse.GetValue(RandomHalves));
        var modes = (periods.Any(p => p is not null) ? 1 : 0) + (segmentA is not null || segmentB is not null ? 1 : 0) + (halves ? 1 : 0);
        if (modes != 1)
        {
            throw new UsageException("compare two periods (--baseline-from/--baseline-to and --current-from/--current-to), two segments (--a and --b), or two random halves (--aa)");
        }

        if (halves)
        {
            // A person's half comes from a hash of its key identifier: stable between runs, unrelated to anything measured.
            var t = engine.Events;
            bool InA(int p) => (ulong)(t.PersonKeyIdentifier[p] * -7046029254386353131L) >> 63 == 0;
            return (() => EventTableFilter.Persons(t, InA), () => EventTableFilter.Persons(t, p => !InA(p)), ("random half A", "random half B"));
        }

        if (segmentA is not null || segmentB is not null)
        {
            if (segmentA is null || segmentB is null)
            {
                throw new UsageException("give both --a and --b");
            }

            // Filters are parsed here, before the sides run, so that a bad filter is a usage error of its own.
            var (predicateA, predicateB) = (CommonOptions.Predicate(workspace, engine.Events, segmentA), CommonOptions.Predicate(workspace, engine.Events, segmentB));
            return (() => EventTableFilter.PersonsWithAny(engine.Events, predicateA), () => EventTableFilter.PersonsWithAny(engine.Events, predicateB), (segmentA, segmentB));
        }

        var bounds = periods.Select((p, k) => CommonOptions.Date(p, k switch { 0 => "--baseline-from", 1 => "--baseline-to", 2 => "--current-from", _ => "--current-to" })).ToArray();
        var (from, to) = (bounds[0] ?? long.MinValue, bounds[1] ?? long.MaxValue);
        var (from2, to2) = (bounds[2] ?? long.MinValue, bounds[3] ?? long.MaxValue);
        return (() => EventTableFilter.Between(engine.Events, from, to), () => EventTableFilter.Between(engine.Events, from2, to2),
            ($"baseline {periods[0] ?? "start"} to {periods[1] ?? "end"}", $"current {periods[2] ?? "start"} to {periods[3] ?? "end"}"));
    }
}

public sealed record ComparisonResult(string A, string B, IReadOnlyList<MetricComparison> Metrics);
