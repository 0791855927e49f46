using JourneyLens.Application.Saved;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

/// <summary>The two sides of a comparison: two periods, two segments, or two random halves of the persons.</summary>
public abstract record Sides(string LabelA, string LabelB);

/// <summary>Each period in UTC milliseconds, end exclusive; null bounds are open.</summary>
/// <summary>Two periods as days (yyyy-MM-dd, the end day left out), read in the backend's display zone.</summary>
public sealed record PeriodSides(string? FromA, string? ToA, string? FromB, string? ToB, string LabelA, string LabelB) : Sides(LabelA, LabelB);

public sealed record SegmentSides(Filter A, Filter B) : Sides(A.Label, B.Label);

/// <summary>A person's half comes from a hash of its key identifier: stable between runs, unrelated to anything measured.</summary>
public sealed record RandomHalves() : Sides("random half A", "random half B");

public sealed record CompareQuery(Selection Over, IReadOnlyList<string> Metrics, Sides Sides, int MinN = 30) : IQuery<ComparisonResult>;

public sealed record ComparisonResult(string A, string B, IReadOnlyList<MetricComparison> Metrics);

/// <summary><c>compare --metric M …</c>: metrics for a baseline and a current period, two segments, or two random halves.</summary>
public static class CompareAnalysis
{
    private static readonly Parameter<string?> BaselineFrom = new("baseline-from", "Baseline period start (yyyy-MM-dd)") { Kind = TextKind.Date };
    private static readonly Parameter<string?> BaselineTo = new("baseline-to", "Baseline period end, exclusive (yyyy-MM-dd)") { Kind = TextKind.Date };
    private static readonly Parameter<string?> CurrentFrom = new("current-from", "Current period start (yyyy-MM-dd)") { Kind = TextKind.Date };
    private static readonly Parameter<string?> CurrentTo = new("current-to", "Current period end, exclusive (yyyy-MM-dd)") { Kind = TextKind.Date };
    private static readonly Parameter<string?> SegmentA = new("a", "Segment A: a filter (persons with a matching event)") { Kind = TextKind.Filter };
    private static readonly Parameter<string?> SegmentB = new("b", "Segment B: a filter") { Kind = TextKind.Filter };
    private static readonly Parameter<bool> Halves = new("aa", "Compare two random halves of the persons (an A/A check: should not be significant)");

    public static readonly Analysis Definition = new Analysis<CompareQuery, ComparisonResult>
    {
        Name = "compare",
        Command = ["compare"],
        Title = "Compare",
        Summary = "Before and after: a metric in two periods or segments with an honest test",
        Description = "Compare metrics between two periods, two segments or two random halves: delta, 95 % interval, p-value and a verdict",
        Parameters = [.. ScopeParameters.Common, SharedParameters.Metrics, SharedParameters.MinN, BaselineFrom, BaselineTo, CurrentFrom, CurrentTo, SegmentA, SegmentB, Halves],
        NeedsInput = true,
        Bind = values =>
        {
            var metrics = SharedParameters.MetricsOf(values);
            return new CompareQuery(Selection.Of(ScopeParameters.Scope(values)), metrics, SidesOf(values), values.Get(SharedParameters.MinN));
        },
        Tables = (_, result) => [Table(result)],
    };

    public static DataTable Table(ComparisonResult result) =>
        new($"{result.A} → {result.B}", ["metric", "A", "n A", "B", "n B", "difference [95% interval]", "p", "verdict"],
            result.Metrics.Select(m => (IReadOnlyList<string>)[m.Metric, Format.Metric(m.A, m.A.Value), Show.Number(m.A.N), Format.Metric(m.B, m.B.Value), Show.Number(m.B.N),
                $"{Delta(m.A, m.Difference.Delta)} [{Delta(m.A, m.Difference.Low)}, {Delta(m.A, m.Difference.High)}]", Figures.P(m.Difference.P), m.Verdict]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3, 4, 6 } };

    private static string Delta(MetricValue v, double d) => double.IsNaN(d) ? "" : v.Kind switch
    {
        MetricKind.Score => Format.ScoreValue(v.ScoreType, d),
        MetricKind.Proportion => (d * 100).ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + " pt",
        _ => Figures.Signed(d),
    };

    private static Sides SidesOf(ParameterValues values)
    {
        Parameter<string?>[] periodParameters = [BaselineFrom, BaselineTo, CurrentFrom, CurrentTo];
        var periods = periodParameters.Select(values.Get).ToArray();
        var (a, b, halves) = (values.Get(SegmentA), values.Get(SegmentB), values.Get(Halves));
        var modes = (periods.Any(p => p is not null) ? 1 : 0) + (a is not null || b is not null ? 1 : 0) + (halves ? 1 : 0);
        if (modes != 1)
        {
            throw new RequestException("compare two periods (--baseline-from/--baseline-to and --current-from/--current-to), two segments (--a and --b), or two random halves (--aa)");
        }

        if (halves)
        {
            return new RandomHalves();
        }

        if (a is not null || b is not null)
        {
            return a is null || b is null ? throw new RequestException("give both --a and --b", a is null ? SegmentA.Name : SegmentB.Name) : new SegmentSides(SavedSegments.Resolve(a, values.Segments, SegmentA.Name), SavedSegments.Resolve(b, values.Segments, SegmentB.Name));
        }

        var bounds = periods.Select((p, k) => ScopeParameters.Date(p, periodParameters[k].Name)).ToArray();
        for (var k = 0; k < 4; k += 2)
        {
            if (bounds[k] >= bounds[k + 1])
            {
                throw new RequestException($"--{periodParameters[k].Name} {periods[k]} --{periodParameters[k + 1].Name} {periods[k + 1]}: an empty period; the end day is left out, so it comes after the start", periodParameters[k + 1].Name);
            }
        }

        return new PeriodSides(periods[0], periods[1], periods[2], periods[3],
            $"baseline {periods[0] ?? "start"} to {periods[1] ?? "end"}", $"current {periods[2] ?? "start"} to {periods[3] ?? "end"}");
    }
}

/// <summary>Metrics measured over a selection (a measurement taken now).</summary>
public sealed record MeasureQuery(Selection Over, IReadOnlyList<string> Metrics) : IQuery<IReadOnlyList<MetricValue>>;
