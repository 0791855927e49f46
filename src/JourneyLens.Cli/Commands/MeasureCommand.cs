using System.CommandLine;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering.Tables;
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
        var saveOptions = new ParameterOptions([SharedParameters.Metrics, .. ScopeParameters.Common]);
        saveOptions.AddTo(save);
        save.SetAction(parse =>
        {
            var values = saveOptions.Read(parse);
            var metrics = SharedParameters.MetricsOf(values);
            var scope = ScopeParameters.Scope(values);
            var definition = new MeasurementDefinition(metrics, scope.FromText, scope.ToText, scope.Where?.Text, scope.Segment?.Text, scope.GapDays);
            var folder = CommonOptions.WorkspaceFolder(parse);
            // A name taken is said before the metrics are measured, which can take a while on a large workspace.
            MeasurementStore.Stored.CheckFree(parse.GetValue(Name)!, Saved(context, folder, parse.GetValue(Name)!));
            var measurement = Take(context, parse, parse.GetValue(Name)!, definition, scope);
            if (ClickHouse.ClusterWorkspace.Find(folder) is { } cluster)
            {
                ClickHouse.ClickHouseMeasurements.Save(cluster, measurement);
            }
            else
            {
                using var workspace = Workspace.Open(folder, create: false, context.Clock);
                MeasurementStore.Save(workspace, measurement);
            }

            context.Error.WriteLine($"measurement '{measurement.Name}' saved: {string.Join(", ", measurement.Values.Select(v => $"{v.Metric} (n={v.N})"))}");
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(measurement, Values(measurement));
            return ExitCode.Ok;
        });

        var compare = new Command("compare", "Compare a measurement with another one, or with the same metrics measured now (--from/--to choose the current period)");
        compare.Arguments.Add(Name);
        compare.Arguments.Add(Other);
        var compareOptions = new ParameterOptions([ScopeParameters.From, ScopeParameters.To, SharedParameters.MinN]);
        compareOptions.AddTo(compare);
        compare.SetAction(parse =>
        {
            var values = compareOptions.Read(parse);
            var folder = CommonOptions.WorkspaceFolder(parse);
            var other = parse.GetValue(Other) ?? "now";
            var baseline = Find(context, folder, parse.GetValue(Name)!);
            var stored = other == "now" ? null : Find(context, folder, other);
            var d = baseline.Definition;
            var current = stored ?? Take(context, parse, "now", d, ScopeParameters.Scope(d.JourneyGapDays, values.Get(ScopeParameters.From), values.Get(ScopeParameters.To), d.Where, d.Segment));
            var minN = values.Get(SharedParameters.MinN);
            var comparisons = baseline.Values.Select(a => current.Values.FirstOrDefault(b => b.Metric == a.Metric) is { } b
                ? Verdicts.Compare(a, b, minN)
                : throw new UsageException($"'{current.Name}' has no metric '{a.Metric}'")).ToList();
            var result = new ComparisonResult($"{baseline.Name} ({baseline.Taken:yyyy-MM-dd})", current.Name == "now" ? "now" : $"{current.Name} ({current.Taken:yyyy-MM-dd})", comparisons);
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(result, CompareAnalysis.Table(result));
            return ExitCode.Ok;
        });

        var list = AnalysisCommand.Create(WorkspaceAnalyses.Measurements, context);
        return new Command("measure", "Baseline measurements: save a dated snapshot of metrics, list them, compare them with another or with now") { save, list, compare };
    }

    /// <summary>The metrics measured now on the workspace's backend (its cluster, if it points at one).</summary>
    private static Measurement Take(CliContext context, System.CommandLine.ParseResult parse, string name, MeasurementDefinition d, Scope scope)
    {
        using var backend = InputSource.Workspace(parse, context);
        var values = backend.Answer(new MeasureQuery(Selection.Of(scope), d.Metrics));
        return new Measurement(name, context.Clock.GetUtcNow(), d, values);
    }

    private static Measurement Find(CliContext context, string folder, string name) =>
        Saved(context, folder, name) ?? throw new UsageException($"no measurement '{name}'; `journeylens measure list` shows them");

    /// <summary>A saved measurement, or null: on the workspace's cluster when it points at one, else in its SQLite file.</summary>
    private static Measurement? Saved(CliContext context, string folder, string name)
    {
        if (ClickHouse.ClusterWorkspace.Find(folder) is { } cluster)
        {
            return ClickHouse.ClickHouseMeasurements.Find(cluster, name);
        }

        using var workspace = Workspace.Open(folder, create: false, context.Clock);
        return MeasurementStore.Find(workspace, name);
    }

    private static DataTable Values(Measurement m) =>
        new($"Measurement '{m.Name}'", ["metric", "n", "value", "95% interval"],
            m.Values.Select(v => (IReadOnlyList<string>)[v.Metric, Show.Number(v.N), Show.Number(Math.Round(v.Value, 4)), $"{Show.Number(Math.Round(v.Low, 4))} – {Show.Number(Math.Round(v.High, 4))}"]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2 } };
}
