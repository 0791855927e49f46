using System.Globalization;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;
using static JourneyLens.Application.Analyses.Figures;

namespace JourneyLens.Application.Analyses;

/// <param name="Variants">Also score the N most common path variants (0: none).</param>
/// <param name="Drawn">Which score the picture draws along the journey.</param>
public sealed record ScoresQuery(Selection Over, int MinAnswers = Scores.DefaultMinAnswers, int Variants = 0, ScoreType Drawn = ScoreType.Nps) : IQuery<ScoresResult>;

public sealed record LowPointsQuery(Selection Over, int MinAnswers = Scores.DefaultMinAnswers) : IQuery<LowPointsResult>;

/// <summary><c>scores</c> and <c>lowpoints</c>: NPS, CSAT and CES with intervals, and where they are significantly worse.</summary>
public static class ScoresAnalysis
{
    private static readonly Parameter<ScoreType> Drawn = new("score", "With --format svg: which score to draw along the journey (nps, csat or ces)") { Default = ScoreType.Nps };
    private static readonly Parameter<int> VariantCount = new("variants", "Also score the N most common path variants (repeats collapsed; the rest together)") { Default = 0 };

    public static readonly Analysis Scores = new Analysis<ScoresQuery, ScoresResult>
    {
        Name = "scores",
        Command = ["scores"],
        Title = "Scores",
        Summary = "NPS, CSAT and CES per touchpoint or phase with 95 % intervals",
        Description = "NPS, CSAT and CES with 95 % intervals: for the journey and per touchpoint (or channel, or phase with --node)",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, SharedParameters.MinAnswers, Drawn, VariantCount],
        Bind = values =>
        {
            var min = SharedParameters.MinAnswersOf(values);
            var variants = values.Get(VariantCount) is var v and >= 0 and <= 1000 ? v : throw new RequestException("--variants must be 0 to 1000", VariantCount.Name);
            return new ScoresQuery(ScopeParameters.Selection(values), min, variants, values.Get(Drawn));
        },
        Tables = (_, result) => ScoreTables(result),
        Picture = (query, result) => ScoreLineChart.Render(result, query.Drawn),
    };

    public static readonly Analysis LowPoints = new Analysis<LowPointsQuery, LowPointsResult>
    {
        Name = "lowpoints",
        Command = ["lowpoints"],
        Title = "Low points",
        Summary = "Where the experience is significantly worse than the rest",
        Description = "Touchpoints (or phases) scored significantly below the rest of the journey, and the largest drops between moments of the same persons",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, SharedParameters.MinAnswers],
        Bind = values => new LowPointsQuery(ScopeParameters.Selection(values), SharedParameters.MinAnswersOf(values)),
        Tables = (_, result) => LowPointTables(result),
    };

    public static DataTable[] ScoreTables(ScoresResult result) =>
    [
        new DataTable("Journey scores", ["score", "answers", "value [95% interval]"],
            result.Journey.Select(f => (IReadOnlyList<string>)[Name(f.Type), Show.Number(f.Answers), Show.Score(f)]).ToList()) { NumericColumns = new HashSet<int> { 1 } },
        new DataTable("Scores per subject", ["subject", "score", "answers", "value [95% interval]"],
            result.Subjects.SelectMany(s => s.Scores.Select(f => (IReadOnlyList<string>)[s.Subject, Name(f.Type), Show.Number(f.Answers), Show.Score(f)])).ToList())
        { NumericColumns = new HashSet<int> { 2 } },
        .. result.Variants is null ? Array.Empty<DataTable>() :
        [
            new DataTable("Scores per path variant", ["path", "journeys", "score", "answers", "value [95% interval]"],
                result.Variants.SelectMany(v => v.Scores.Select(f => (IReadOnlyList<string>)[string.Join(" → ", v.Path), Show.Number(v.Journeys), Name(f.Type), Show.Number(f.Answers), Show.Score(f)])).ToList())
            { NumericColumns = new HashSet<int> { 1, 3 } },
        ],
    ];

    public static DataTable[] LowPointTables(LowPointsResult result) =>
    [
        new DataTable("Low points (p < 0.05)", ["subject", "score", "answers", "value", "rest", "difference [95% interval]", "p"],
            result.LowPoints.Select(l => (IReadOnlyList<string>)[l.Subject, Name(l.Type), Show.Number(l.Answers), Format.ScoreValue(l.Type, l.Value), Format.ScoreValue(l.Type, l.Rest),
                $"{Format.ScoreValue(l.Type, l.Delta)} [{Format.ScoreValue(l.Type, l.Low)}, {Format.ScoreValue(l.Type, l.High)}]", P(l.P)]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3, 4, 6 } },
        new DataTable("Largest drops between consecutive answers of the same persons", ["from", "to", "score", "persons", "mean change [95% interval]", "p"],
            result.Drops.Select(d => (IReadOnlyList<string>)[d.From, d.To, Name(d.Type), Show.Number(d.Persons),
                string.Create(CultureInfo.InvariantCulture, $"{d.MeanChange:+0.00;-0.00} [{d.Low:+0.00;-0.00}, {d.High:+0.00;-0.00}]"), P(d.P)]).ToList())
        { NumericColumns = new HashSet<int> { 3, 5 } },
    ];
}
