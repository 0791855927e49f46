using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens funnel --step A --step "B|C where FILTER" …</c>: how far persons (or journeys) get through the steps.</summary>
public static partial class FunnelCommand
{
    [GeneratedRegex(@"^(?<touchpoints>.*?)(?:(?:^|\s)where\s+(?<filter>.+))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex StepSyntax();

    private static readonly Option<string[]> Steps = new("--step")
    {
        Description = "A step: one touchpoint, or several separated by |, optionally followed by 'where FILTER' (repeat for every step, in order)",
        Required = true,
    };

    private static readonly Option<string[]> Exclude = new("--exclude") { Description = "An exclusion step (same form as --step): an attempt ends at such an event" };
    private static readonly Option<string> Window = new("--window") { Description = "Time allowed from the first step: 30d, 24h, 90m or 600s", DefaultValueFactory = _ => "30d" };
    private static readonly Option<string[]> StepWindows = new("--step-window")
    {
        Description = "N=TIME: step N (2 or more) must follow step N-1 within TIME, e.g. 3=2h (repeat per step; ordered and strict)",
    };

    private static readonly Option<FunnelOrder> Order = new("--order") { Description = "ordered (others may come between), strict (nothing else between) or any", DefaultValueFactory = _ => FunnelOrder.Ordered };
    private static readonly Option<FunnelUnit> CountBy = new("--count") { Description = "Count persons or journeys", DefaultValueFactory = _ => FunnelUnit.Persons };
    private static readonly Option<int?> DroppedAt = new("--dropped-at") { Description = "List the persons who reached the step before step N but not step N (2 or more)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("funnel", "Conversion through ordered steps: count, conversion, drop-off and time between steps");
        foreach (var option in new Option[] { Steps, Exclude, Window, StepWindows, Order, CountBy, DroppedAt })
        {
            command.Options.Add(option);
        }

        AnalysisRun.AddOptions(command, context);
        command.SetAction(parse =>
        {
            var (steps, exclusions) = (parse.GetValue(Steps)!, parse.GetValue(Exclude) ?? []);
            if (steps.Length > 32 || exclusions.Length > 32)
            {
                throw new UsageException("a funnel has at most 32 steps and 32 exclusions");
            }

            var window = ParseWindow(parse.GetValue(Window)!);
            var within = PerStepWindows(parse.GetValue(StepWindows) ?? [], steps.Length);
            var (order, countBy, droppedAt) = (parse.GetValue(Order), parse.GetValue(CountBy), parse.GetValue(DroppedAt));
            FunnelResult Analyze(AnalysisScope scope) => Funnel.Compute(scope.Engine, new FunnelRequest(
                steps.Select((s, i) => Step(s, scope) with { Within = within.GetValueOrDefault(i) }).ToList(), window, order, countBy, exclusions.Select(s => Step(s, scope)).ToList(), droppedAt));

            if (droppedAt is not null)
            {
                return WriteDropped(context, parse, Analyze);
            }

            return AnalysisRun.Run(context, parse, Analyze, result => [Table(result, parse.GetValue(Window)!)], FunnelChart.Render);
        });
        return command;
    }

    /// <summary>"A|B where FILTER": touchpoints before the word where, a filter after it; "where FILTER" alone matches any touchpoint.</summary>
    internal static FunnelStep Step(string text, AnalysisScope scope)
    {
        var match = StepSyntax().Match(text);
        var filter = match.Groups["filter"];
        return new FunnelStep(text.Trim(), match.Groups["touchpoints"].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            filter.Success ? scope.Filter(filter.Value) : null);
    }

    private static int WriteDropped(CliContext context, ParseResult parse, Func<AnalysisScope, FunnelResult> analyze)
    {
        if (parse.GetValue(AnalysisRun.By) is not null || parse.GetValue(AnalysisRun.BySegment) is { Length: > 0 })
        {
            throw new UsageException("--dropped-at lists persons of one funnel; leave out --by and --by-segment");
        }

        using var source = AnalysisSource.Open(parse, context);
        var result = analyze(AnalysisRun.Scope(source.Properties, source.Engine, source.Catalogue));
        var keys = source.PersonKeys(result.DroppedPersons!);
        var step = result.Steps[parse.GetValue(DroppedAt)!.Value - 1].Name;
        var table = new DataTable($"{keys.Count:N0} persons dropped before '{step}'", ["person"], keys.Select(k => (IReadOnlyList<string>)[k]).ToList());
        new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(new { dropped_at = step, persons = keys }, table);
        return ExitCode.Ok;
    }

    internal static DataTable Table(FunnelResult result, string window) =>
        new($"Funnel ({result.Order.ToString().ToLowerInvariant()}, {result.CountBy.ToString().ToLowerInvariant()}, window {window})",
            ["step", "count", "from previous", "from first", "dropped", "median time", "mean time"],
            result.Steps.Select(s => (IReadOnlyList<string>)[s.Name, Show.Number(s.Count), Percent(s.ConversionFromPrevious), Percent(s.ConversionFromFirst), Show.Number(s.DropOff),
                DurationText.Format(s.MedianSecondsFromPrevious), DurationText.Format(s.MeanSecondsFromPrevious)]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3, 4, 5, 6 } };

    /// <summary>"3=2h" → step index 2 within two hours of the step before it.</summary>
    private static Dictionary<int, TimeSpan?> PerStepWindows(string[] texts, int steps)
    {
        var windows = new Dictionary<int, TimeSpan?>();
        foreach (var text in texts)
        {
            var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 2 || n > steps)
            {
                throw new UsageException($"--step-window {text}: expected N=TIME with N a step from 2 to {steps}, e.g. 2=1h");
            }

            if (!windows.TryAdd(n - 1, ParseWindow(parts[1], $"--step-window {n}=")))
            {
                throw new UsageException($"--step-window: step {n} has two windows");
            }
        }

        return windows;
    }

    internal static TimeSpan ParseWindow(string text, string option = "--window") =>
        DurationText.Parse(text) ?? throw new UsageException($"{option} {text}: expected {DurationText.Expected}");

    private static string Percent(double ratio) => ratio.ToString("0.0%", CultureInfo.InvariantCulture);
}
