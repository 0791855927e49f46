using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;
using JourneyLens.Maps.Model;
using JourneyLens.Core.Errors;

namespace JourneyLens.Maps.Binding;

/// <summary>An opportunity as the board shows it (docs/maps.md, "Opportunities").</summary>
/// <param name="Impact">The impact of the pain points it addresses: those it names and those found at its steps.</param>
/// <param name="Priority">Impact per unit of effort (effort 1–5, 3 when not given).</param>
/// <param name="Now">Its metric measured on the current scope.</param>
/// <param name="Baseline">The baseline: the number in the map, or the metric in the saved measurement it names.</param>
/// <param name="Progress">(now − baseline) / (target − baseline): 0 at the baseline, 1 at the target.</param>
/// <param name="Comparison">With a saved measurement as baseline: baseline against now, with interval, p and verdict.</param>
/// <param name="Problem">Why a figure is missing (no metric, an unknown measurement, a metric that cannot be measured).</param>
/// <remarks><see cref="AtStake"/>: what the data puts at stake, in customers and conversions, beside the map's own impact.</remarks>
public sealed record OpportunityRow(
    string Map,
    Opportunity Opportunity,
    IReadOnlyList<string> Steps,
    long Impact,
    int Effort,
    double Priority,
    MetricValue? Now,
    double? Baseline,
    double? Progress,
    MetricComparison? Comparison,
    string? Problem)
{
    /// <summary>
    /// What the data says is at stake, in words: per pain point found at its steps, the customers it affects (the
    /// assisted contacts after failed self-service, the journeys that stop, …); and with a conversion metric, the
    /// conversions into its goal that depend on its touchpoints (the Markov removal effect × the conversions).
    /// </summary>
    public IReadOnlyList<string> AtStake { get; init; } = [];
}

public static class OpportunityBoard
{
    public const int DefaultEffort = 3;

    /// <param name="maps">Each bound map with the engine it was bound on (a map about a persona: the persona's persons).</param>
    /// <param name="measurement">Finds a metric in a saved measurement by name; null when there is no such measurement.</param>
    public static IReadOnlyList<OpportunityRow> Rows(IEnumerable<(BoundMap Map, JourneyEngine Engine)> maps, ChannelClasses channels,
        Func<string, string, MetricValue?> measurement, int minN)
    {
        var rows = new List<OpportunityRow>();
        foreach (var (bound, engine) in maps)
        {
            var attributions = new Dictionary<string, AttributionResult?>(StringComparer.Ordinal);
            foreach (var o in bound.Map.Opportunities)
            {
                var steps = o.Steps.Concat(bound.Map.PainPoints.Where(p => o.PainPoints.Contains(p.Id)).Select(p => p.Step)).Distinct().ToList();
                var impact = bound.Pains.Where(p => p.Source == "map" ? o.PainPoints.Contains(p.Id) : steps.Contains(p.Step)).Sum(p => p.Impact);
                var effort = o.Effort ?? DefaultEffort;
                rows.Add(Measure(bound.Map.Id, o, steps, impact, effort, engine, channels, measurement, minN) with { AtStake = AtStake(bound, o, steps, engine, attributions) });
            }
        }

        return [.. rows.OrderByDescending(r => r.Priority).ThenBy(r => r.Map, StringComparer.Ordinal).ThenBy(r => r.Opportunity.Id, StringComparer.Ordinal)];
    }

    private static List<string> AtStake(BoundMap bound, Opportunity o, IReadOnlyList<string> steps, JourneyEngine engine, Dictionary<string, AttributionResult?> attributions)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var stakes = bound.Pains.Where(p => p.Source == "data" && steps.Contains(p.Step))
            .Select(p => string.Create(c, $"{p.CustomersAffected:N0} customers: {p.Title}")).ToList();
        if (ConversionGoal(o.Metric, engine) is not { } goal)
        {
            return stakes;
        }

        if (!attributions.TryGetValue(goal, out var attribution))
        {
            try
            {
                attribution = Attribution.Compute(engine, goal);
            }
            catch (AnalysisException)
            {
                attribution = null; // too many touchpoints for the chain, or no journeys: nothing to say
            }

            attributions[goal] = attribution;
        }

        var touchpoints = bound.Map.Steps.Where(s => steps.Contains(s.Id)).SelectMany(s => s.Touchpoints).ToHashSet(StringComparer.Ordinal);
        if (attribution?.Touchpoints.Where(t => touchpoints.Contains(t.Touchpoint) && t.Touchpoint != goal).MaxBy(t => t.RemovalEffect) is { RemovalEffect: > 0 } best)
        {
            stakes.Add(string.Create(c, $"{best.RemovalEffect * attribution.Conversions:N0} of {attribution.Conversions:N0} conversions to {goal} depend on {best.Touchpoint} (removal effect {best.RemovalEffect * 100:0}%)"));
        }

        return stakes;
    }

    /// <summary>The goal of a conversion metric (conversion@A&gt;B): B's first touchpoint that is in the data.</summary>
    private static string? ConversionGoal(string? metric, JourneyEngine engine)
    {
        var gt = metric?.IndexOf('>') ?? -1;
        if (metric is null || !metric.StartsWith("conversion@", StringComparison.OrdinalIgnoreCase) || gt < 0)
        {
            return null;
        }

        return metric[(gt + 1)..].Split('|').Select(t => t.Trim()).FirstOrDefault(t => engine.Events.TouchpointNames.Contains(t));
    }

    private static OpportunityRow Measure(string map, Opportunity o, IReadOnlyList<string> steps, long impact, int effort, JourneyEngine engine, ChannelClasses channels,
        Func<string, string, MetricValue?> measurement, int minN)
    {
        var row = new OpportunityRow(map, o, steps, impact, effort, (double)impact / effort, null, null, null, null, null);
        if (o.Metric is null)
        {
            return row with { Problem = "no metric: give the opportunity a metric to measure its baseline and progress" };
        }

        MetricValue now;
        try
        {
            now = Metric.Measure(engine, o.Metric, channels);
        }
        catch (AnalysisException e)
        {
            return row with { Problem = e.Message };
        }

        row = row with { Now = now };
        MetricComparison? comparison = null;
        double? baseline = null;
        if (o.Baseline is null)
        {
            return row with { Problem = $"no baseline: save one with `journeylens measure save NAME --metric \"{o.Metric}\"` and name it under baseline" };
        }

        if (double.TryParse(o.Baseline, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            baseline = number;
        }
        else if (measurement(o.Baseline, o.Metric) is { } saved)
        {
            baseline = saved.Value;
            comparison = Verdicts.Compare(saved, now, minN);
        }
        else
        {
            return row with { Problem = $"baseline '{o.Baseline}': no saved measurement of that name with metric '{o.Metric}' (journeylens measure list)" };
        }

        double? progress = o.Target is { } target && target != baseline ? (now.Value - baseline) / (target - baseline) : null;
        return row with { Baseline = baseline, Progress = progress, Comparison = comparison };
    }
}
