using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Experience;
using JourneyLens.Storage;
using JourneyLens.Storage.Measurements;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens measure save | list | compare</c>: named, dated snapshots of metrics (the baseline measurement) and their comparison.</summary>
public static class MeasureCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "The measurement's name, e.g. baseline-2025-q1" };
    private static readonly Argument<string?> Other = new("other") { Description = "Another measurement to compare with, or 'now' (default): the same metrics on the current data", Arity = ArgumentArity.ZeroOrOne };

    public static Command Create(CliContext context)
    {
        var save = new Command("save", "Measure metrics now (with the scope options given) and store them under a name");
        save.Arguments.Add(Name);
        save.Options.Add(CompareCommand.Metrics);
        CommonOptions.AddAnalysisOptions(save);
        save.SetAction(parse =>
        {
            var metrics = CompareCommand.MetricList(parse);
            var definition = new MeasurementDefinition(metrics, parse.GetValue(CommonOptions.From), parse.GetValue(CommonOptions.To), parse.GetValue(CommonOptions.Where),
                parse.GetValue(CommonOptions.Segment), parse.GetValue(CommonOptions.JourneyGapDays));
            var measurement = Take(CommonOptions.WorkspaceFolder(parse), parse.GetValue(Name)!, definition, definition.From, definition.To);
            using (var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false))
            {
                MeasurementStore.Save(workspace, measurement);
            }

            context.Error.WriteLine($"measurement '{measurement.Name}' saved: {string.Join(", ", measurement.Values.Select(v => $"{v.Metric} (n={v.N})"))}");
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(measurement, Values(measurement));
            return ExitCode.Ok;
        });

        var list = new Command("list", "The stored measurements");
        list.SetAction(parse =>
        {
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false);
            var all = MeasurementStore.List(workspace);
            var table = new DataTable("Measurements", ["name", "taken (UTC)", "metrics", "scope"],
                all.Select(m => (IReadOnlyList<string>)[m.Name, m.Taken.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", m.Definition.Metrics), Scope(m.Definition)]).ToList());
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(all.Select(m => new { m.Name, m.Taken, m.Definition }).ToList(), table);
            return ExitCode.Ok;
        });

        var compare = new Command("compare", "Compare a measurement with another one, or with the same metrics measured now (--from/--to choose the current period)");
        compare.Arguments.Add(Name);
        compare.Arguments.Add(Other);
        compare.Options.Add(CommonOptions.From);
        compare.Options.Add(CommonOptions.To);
        compare.Options.Add(CompareCommand.MinN);
        compare.SetAction(parse =>
        {
            var folder = CommonOptions.WorkspaceFolder(parse);
            var other = parse.GetValue(Other) ?? "now";
            Measurement baseline;
            Measurement? stored = null;
            using (var workspace = Workspace.Open(folder, create: false))
            {
                baseline = Find(workspace, parse.GetValue(Name)!);
                stored = other == "now" ? null : Find(workspace, other);
            }

            var current = stored ?? Take(folder, "now", baseline.Definition, parse.GetValue(CommonOptions.From), parse.GetValue(CommonOptions.To));
            var comparisons = baseline.Values.Select(a => current.Values.FirstOrDefault(b => b.Metric == a.Metric) is { } b
                ? Verdicts.Compare(a, b, parse.GetValue(CompareCommand.MinN))
                : throw new UsageException($"'{current.Name}' has no metric '{a.Metric}'")).ToList();
            var result = new ComparisonResult($"{baseline.Name} ({baseline.Taken:yyyy-MM-dd})", current.Name == "now" ? "now" : $"{current.Name} ({current.Taken:yyyy-MM-dd})", comparisons);
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(result, CompareCommand.Table(result));
            return ExitCode.Ok;
        });

        return new Command("measure", "Baseline measurements: save a dated snapshot of metrics, list them, compare them with another or with now") { save, list, compare };
    }

    private static Measurement Take(string folder, string name, MeasurementDefinition d, string? from, string? to)
    {
        var gap = d.JourneyGapDays is { } days ? TimeSpan.FromDays(days) : Core.Engine.JourneyIndex.DefaultGap;
        var (workspace, engine) = CommonOptions.OpenEngine(folder, gap, from, to, d.Where, d.Segment);
        using var open = workspace;
        var channels = AnalysisRun.Scope(workspace, engine).Channels(ChannelClasses.Default);
        return new Measurement(name, DateTimeOffset.UtcNow, d, d.Metrics.Select(m => Metric.Measure(engine, m, channels)).ToList());
    }

    private static Measurement Find(Workspace workspace, string name) =>
        MeasurementStore.Find(workspace, name) ?? throw new UsageException($"no measurement '{name}'; `journeylens measure list` shows them");

    private static string Scope(MeasurementDefinition d) => string.Join(" ", new[]
    {
        d.From is null ? null : $"--from {d.From}", d.To is null ? null : $"--to {d.To}", d.Where is null ? null : $"--where \"{d.Where}\"", d.Segment is null ? null : $"--segment \"{d.Segment}\"",
    }.Where(x => x is not null));

    private static DataTable Values(Measurement m) =>
        new($"Measurement '{m.Name}'", ["metric", "n", "value", "95% interval"],
            m.Values.Select(v => (IReadOnlyList<string>)[v.Metric, Show.Number(v.N), Show.Number(Math.Round(v.Value, 4)), $"{Show.Number(Math.Round(v.Low, 4))} – {Show.Number(Math.Round(v.High, 4))}"]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2 } };
}
