using System.Globalization;
using System.Text.RegularExpressions;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

/// <summary>A funnel step as asked: its text, its touchpoints (any when none), an optional filter and per-step window.</summary>
public sealed record FunnelStepQuery(string Name, IReadOnlyList<string> Touchpoints, Filter? Where = null, TimeSpan? Within = null);

/// <param name="WindowText">The window as written, for the table's title.</param>
public sealed record FunnelQuery(
    Selection Over,
    IReadOnlyList<FunnelStepQuery> Steps,
    TimeSpan Window,
    string WindowText,
    FunnelOrder Order = FunnelOrder.Ordered,
    FunnelUnit CountBy = FunnelUnit.Persons,
    IReadOnlyList<FunnelStepQuery>? Exclusions = null,
    int? DroppedAt = null) : IQuery<FunnelAnswer>;

/// <summary>The persons who reached the step before <see cref="DroppedAt"/> but not it, by name (in name order).</summary>
public sealed record DroppedPersons(string DroppedAt, IReadOnlyList<string> Persons);

/// <summary>A funnel, or with <see cref="FunnelQuery.DroppedAt"/> who dropped there.</summary>
public sealed record FunnelAnswer(FunnelResult Funnel, DroppedPersons? Dropped = null);

/// <summary><c>funnel --step A --step "B|C where FILTER" …</c>: how far persons (or journeys) get through the steps.</summary>
public static partial class FunnelAnalysis
{
    public const int MaxSteps = 32;

    [GeneratedRegex(@"^(?<touchpoints>.*?)(?:(?:^|\s)where\s+(?<filter>.+))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex StepSyntax();

    private static readonly Parameter<string[]> Steps = new("step",
        "A step: one touchpoint, or several separated by |, optionally followed by 'where FILTER' (repeat for every step, in order)")
    { Default = [], Required = true, Kind = TextKind.Touchpoint };

    private static readonly Parameter<string[]> Exclude = new("exclude", "An exclusion step (same form as --step): an attempt ends at such an event") { Default = [], Place = ParameterPlace.More, Kind = TextKind.Touchpoint };
    private static readonly Parameter<string> Window = new("window", "Time allowed from the first step: 30d, 24h, 90m or 600s") { Default = "30d", Kind = TextKind.Duration };
    private static readonly Parameter<string[]> StepWindows = new("step-window", "N=TIME: step N (2 or more) must follow step N-1 within TIME, e.g. 3=2h (repeat per step; ordered and strict)") { Default = [] };
    private static readonly Parameter<FunnelOrder> Order = new("order", "ordered (others may come between), strict (nothing else between) or any") { Default = FunnelOrder.Ordered };
    private static readonly Parameter<FunnelUnit> CountBy = new("count", "Count persons or journeys") { Default = FunnelUnit.Persons, Place = ParameterPlace.More };
    private static readonly Parameter<int?> DroppedAt = new("dropped-at", "List the persons who reached the step before step N but not step N (2 or more)") { Label = "Who dropped at step" };

    public static readonly Analysis Definition = new Analysis<FunnelQuery, FunnelAnswer>
    {
        Name = "funnel",
        Command = ["funnel"],
        Title = "Funnel",
        Summary = "Conversion through ordered steps within a time window, drop-off per step and who dropped",
        Description = "Conversion through ordered steps: count, conversion, drop-off and time between steps",
        Parameters = [Steps, Exclude, Window, StepWindows, Order, CountBy, DroppedAt, .. ScopeParameters.Common, .. ScopeParameters.Grouping],
        NeedsInput = true,
        Bind = Bind,
        Tables = (query, answer) => answer.Dropped is { } dropped
            ? [new DataTable($"{dropped.Persons.Count:N0} persons dropped before '{dropped.DroppedAt}'", ["person"], dropped.Persons.Select(k => (IReadOnlyList<string>)[k]).ToList()) { PersonColumns = new HashSet<int> { 0 } }]
            : [Table(answer.Funnel, query.WindowText)],
        Picture = (_, answer) => answer.Dropped is null ? FunnelChart.Render(answer.Funnel) : null,
        Json = answer => answer.Dropped is { } dropped ? new { dropped_at = dropped.DroppedAt, persons = dropped.Persons } : answer.Funnel,
    };

    private static FunnelQuery Bind(ParameterValues values)
    {
        var (steps, exclusions) = (values.Get(Steps), values.Get(Exclude));
        if (steps.Length == 0)
        {
            throw new RequestException("Option '--step' is required.", Steps.Name);
        }

        if (steps.Length > MaxSteps || exclusions.Length > MaxSteps)
        {
            throw new RequestException($"a funnel has at most {MaxSteps} steps and {MaxSteps} exclusions", Steps.Name);
        }

        var windowText = values.Get(Window);
        var window = SharedParameters.Duration(windowText, "--window");
        var within = PerStepWindows(values.Get(StepWindows), steps.Length);
        var over = ScopeParameters.Selection(values);
        var droppedAt = values.Get(DroppedAt);
        if (droppedAt is not null && over.Breakdown is not null)
        {
            throw new RequestException("--dropped-at lists persons of one funnel; leave out --by and --by-segment", DroppedAt.Name);
        }

        return new FunnelQuery(over, steps.Select((s, i) => Step(s) with { Within = within.GetValueOrDefault(i) }).ToList(), window, windowText,
            values.Get(Order), values.Get(CountBy), exclusions.Select(Step).ToList(), droppedAt);
    }

    /// <summary>"A|B where FILTER": touchpoints before the word where, a filter after it; "where FILTER" alone matches any touchpoint.</summary>
    public static FunnelStepQuery Step(string text)
    {
        var match = StepSyntax().Match(text);
        var filter = match.Groups["filter"];
        return new FunnelStepQuery(text.Trim(), match.Groups["touchpoints"].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            filter.Success ? Filter.Parse(filter.Value) : null);
    }

    public static DataTable Table(FunnelResult result, string window) =>
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
                throw new RequestException($"--step-window {text}: expected N=TIME with N a step from 2 to {steps}, e.g. 2=1h", StepWindows.Name);
            }

            if (!windows.TryAdd(n - 1, SharedParameters.Duration(parts[1], $"--step-window {n}=")))
            {
                throw new RequestException($"--step-window: step {n} has two windows", StepWindows.Name);
            }
        }

        return windows;
    }

    private static string Percent(double ratio) => ratio.ToString("0.0%", CultureInfo.InvariantCulture);
}
