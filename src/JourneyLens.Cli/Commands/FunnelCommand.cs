using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens funnel --step A --step "B|C" …</c>: how far persons (or journeys) get through the steps.</summary>
public static class FunnelCommand
{
    private static readonly Option<string[]> Steps = new("--step") { Description = "A step: one touchpoint, or several separated by | (repeat for every step, in order)", Required = true };
    private static readonly Option<string> Window = new("--window") { Description = "Time allowed from the first step: 30d, 24h, 90m or 600s", DefaultValueFactory = _ => "30d" };
    private static readonly Option<FunnelOrder> Order = new("--order") { Description = "ordered (others may come between), strict (nothing else between) or any", DefaultValueFactory = _ => FunnelOrder.Ordered };
    private static readonly Option<FunnelUnit> CountBy = new("--count") { Description = "Count persons or journeys", DefaultValueFactory = _ => FunnelUnit.Persons };

    public static Command Create(CliContext context)
    {
        var command = new Command("funnel", "Conversion through ordered steps: count, conversion, drop-off and time between steps");
        foreach (var option in new Option[] { Steps, Window, Order, CountBy })
        {
            command.Options.Add(option);
        }

        CommonOptions.AddAnalysisOptions(command);
        command.SetAction(parse =>
        {
            var steps = parse.GetValue(Steps)!.Select(s => new FunnelStep(s, s.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).ToList();
            var request = new FunnelRequest(steps, ParseWindow(parse.GetValue(Window)!), parse.GetValue(Order), parse.GetValue(CountBy));
            var (workspace, engine) = CommonOptions.OpenEngine(parse);
            using var open = workspace;
            var result = Funnel.Compute(engine, request);
            var table = new DataTable($"Funnel ({result.Order.ToString().ToLowerInvariant()}, {result.CountBy.ToString().ToLowerInvariant()}, window {parse.GetValue(Window)})",
                ["step", "count", "from previous", "from first", "dropped", "median time", "mean time"],
                result.Steps.Select(s => (IReadOnlyList<string>)[s.Name, Show.Number(s.Count), Percent(s.ConversionFromPrevious), Percent(s.ConversionFromFirst), Show.Number(s.DropOff),
                    Duration(s.MedianSecondsFromPrevious), Duration(s.MeanSecondsFromPrevious)]).ToList())
            { NumericColumns = new HashSet<int> { 1, 2, 3, 4, 5, 6 } };
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(result, () => FunnelChart.Render(result), table);
            return ExitCode.Ok;
        });
        return command;
    }

    internal static TimeSpan ParseWindow(string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (double.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n <= 36_500d * 86_400)
        {
            TimeSpan? window = unit switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                _ => null,
            };
            if (window is { } w && w <= TimeSpan.FromDays(36_500))
            {
                return w;
            }
        }

        throw new UsageException($"--window {text}: expected a number with d, h, m or s, e.g. 30d or 24h");
    }

    private static string Percent(double ratio) => ratio.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Duration(double? seconds) => seconds switch
    {
        null => "",
        < 120 => $"{seconds:0} s",
        < 7200 => $"{seconds / 60:0.0} min",
        < 172_800 => $"{seconds / 3600:0.0} h",
        _ => $"{seconds / 86_400:0.0} d",
    };
}
