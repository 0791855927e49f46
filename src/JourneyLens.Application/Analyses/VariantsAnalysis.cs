using System.Globalization;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering.Tables;
using static JourneyLens.Application.Analyses.Figures;

namespace JourneyLens.Application.Analyses;

public sealed record VariantsQuery(Selection Over, int Top = 20) : IQuery<VariantsResult>;

/// <summary><c>variants</c>: the most common whole journeys.</summary>
public static class VariantsAnalysis
{
    private static readonly Parameter<int> Top = new("top", "How many variants to list") { Default = 20 };

    public static readonly Analysis Definition = new Analysis<VariantsQuery, VariantsResult>
    {
        Name = "variants",
        Command = ["variants"],
        Title = "Variants",
        Summary = "The most common whole journeys",
        Description = "Distinct full touchpoint sequences of the journeys, most common first, with share, mean duration and mean NPS answer (the 0–10 answers averaged: not an NPS)",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, Top],
        Bind = values =>
        {
            var top = values.Get(Top);
            if (top is < 1 or > 100_000)
            {
                throw new RequestException($"--top {top}: expected 1 to 100000", Top.Name);
            }

            return new VariantsQuery(ScopeParameters.Selection(values), top);
        },
        Tables = (_, result) => [Table(result)],
    };

    private static DataTable Table(VariantsResult result) =>
        new($"Variants: {result.Distinct:N0} distinct over {result.Total:N0} journeys", ["#", "journeys", "share", "mean duration s", "mean NPS answer (0–10)", "sequence"],
            result.Variants.Select((v, i) => (IReadOnlyList<string>)[Show.Number(i + 1), Show.Number(v.Count), v.Share.ToString("0.00%", CultureInfo.InvariantCulture),
                    Seconds(v.MeanDurationSeconds), v.MeanNps is { } nps ? nps.ToString("0.0", CultureInfo.InvariantCulture) : "", string.Join(" → ", v.Sequence)]).ToList())
        { NumericColumns = new HashSet<int> { 0, 1, 2, 3, 4 }, DurationColumns = new HashSet<int> { 3 } };
}
