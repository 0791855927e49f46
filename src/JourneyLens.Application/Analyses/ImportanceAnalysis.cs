using System.Globalization;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;
using static JourneyLens.Application.Analyses.Figures;

namespace JourneyLens.Application.Analyses;

public sealed record AttributionQuery(Selection Over, string Goal) : IQuery<AttributionResult>;

/// <param name="Lens">The lens whose phases are the owners' (functional by default).</param>
public sealed record HandoffsQuery(Selection Over, string Lens = "functional", int MinAnswers = Scores.DefaultMinAnswers) : IQuery<HandoffsResult>;

/// <summary><c>attribution</c> and <c>handoffs</c>: decisive and unnecessary touchpoints, and the passages between owners.</summary>
public static class ImportanceAnalysis
{
    private static readonly Parameter<string?> Goal = new("goal", "The touchpoint that counts as conversion") { Required = true, Kind = TextKind.Touchpoint };

    public static readonly Analysis Attribution = new Analysis<AttributionQuery, AttributionResult>
    {
        Name = "attribution",
        Command = ["attribution"],
        Title = "Decisive touchpoints",
        Summary = "Decisive, neutral and unnecessary touchpoints for a goal (exact Markov chain removal effect)",
        Description = "Decisive, neutral and unnecessary touchpoints from the exact Markov chain: removal effect, attributed conversions, P(conversion | here)",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, Goal],
        NeedsInput = true,
        Bind = values => new AttributionQuery(ScopeParameters.Selection(values),
            values.Get(Goal) ?? throw new RequestException("Option '--goal' is required.", Goal.Name)),
        Tables = (_, result) => AttributionTables(result),
    };

    public static readonly Analysis Handoffs = new Analysis<HandoffsQuery, HandoffsResult>
    {
        Name = "handoffs",
        Command = ["handoffs"],
        Title = "Hand-offs",
        Summary = "Hand-offs between departments: loss, delay and score change",
        Description = "Where journeys pass from one owner's phase to the next (functional lens by default): drop-off, delay and score change",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, SharedParameters.MinAnswers],
        Bind = values =>
        {
            if (values.Get(ScopeParameters.Node) != NodeKind.Touchpoint)
            {
                throw new RequestException("handoffs groups touchpoints by the phases of --lens itself; leave out --node", ScopeParameters.Node.Name);
            }

            var lens = values.IsGiven(ScopeParameters.Lens.Name) ? values.Get(ScopeParameters.Lens) : "functional";
            var min = SharedParameters.MinAnswersOf(values);
            return new HandoffsQuery(new Selection(ScopeParameters.Scope(values), Nodes.Touchpoints, ScopeParameters.Breakdown(values)), lens, min);
        },
        Tables = (_, result) => HandoffTables(result),
    };

    public static DataTable[] AttributionTables(AttributionResult result) =>
    [
        new DataTable(string.Create(CultureInfo.InvariantCulture, $"Touchpoint importance for '{result.Goal}': {result.Conversions:N0} of {result.Journeys:N0} journeys convert (chain: {result.ConversionProbability:P1})"),
            ["touchpoint", "journeys", "removal effect", "attributed", "P(conversion | here)", "loops", "verdict", "why"],
            result.Touchpoints.Select(t => (IReadOnlyList<string>)[t.Touchpoint, Show.Number(t.Journeys), Show.Percent(t.RemovalEffect), t.AttributedConversions.ToString("0", CultureInfo.InvariantCulture),
                Show.Percent(t.ConversionFromHere), Show.Percent(t.LoopShare), t.Verdict.ToString().ToLowerInvariant(), t.Reason]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3, 4, 5 } },
    ];

    public static DataTable[] HandoffTables(HandoffsResult result) =>
    [
        new DataTable($"Hand-offs under the {result.Lens} lens ({result.Journeys:N0} journeys)", ["from", "to", "crossings", "hand-off points", "reached", "lost", "drop-off [95% interval]", "median delay", "mean delay"],
            result.Handoffs.Select(h => (IReadOnlyList<string>)[h.From, h.To, Show.Number(h.Crossings), string.Join(", ", h.HandoffPoints), Show.Number(h.Reached), Show.Number(h.Lost),
                Rate(h.DropOff), DurationText.Format(h.MedianDelaySeconds), DurationText.Format(h.MeanDelaySeconds)]).ToList())
        { NumericColumns = new HashSet<int> { 2, 4, 5 } },
        new DataTable("Score change across each hand-off (answers about the phase before and after)", ["from", "to", "score", "before", "after", "change [95% interval]", "p"],
            result.Handoffs.SelectMany(h => h.Scores.Select(s => (IReadOnlyList<string>)[h.From, h.To, Name(s.Type), Show.Score(s.Before), Show.Score(s.After),
                $"{Format.ScoreValue(s.Type, s.Change.Delta)} [{Format.ScoreValue(s.Type, s.Change.Low)}, {Format.ScoreValue(s.Type, s.Change.High)}]", P(s.Change.P)])).ToList()),
    ];
}
