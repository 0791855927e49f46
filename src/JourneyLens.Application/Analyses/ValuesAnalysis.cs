using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

/// <param name="Field">channel, touchpoint, outcome, score_type or prop.NAME.</param>
public sealed record FieldValuesQuery(Selection Over, string Field, int Top) : IQuery<FieldValuesResult>;

/// <summary>The names of the free properties events carry (prop.NAME in filters and breakdowns).</summary>
public sealed record PropertyNamesQuery(Selection Over) : IQuery<IReadOnlyList<string>>;

/// <summary>The first and last event of the selection, in the display zone: the range date presets are taken from.</summary>
public sealed record DataRangeQuery(Selection Over) : IQuery<DataRange?>;

public sealed record DataRange(DateTimeOffset First, DateTimeOffset Last);

/// <summary><c>values FIELD</c>: the values a field takes with persons and events each — what a segment is built from.</summary>
public static class ValuesAnalysis
{
    /// <summary>The fields with values to pick from (score and value are numbers: ranges, not lists).</summary>
    public static readonly IReadOnlyList<string> Fields = ["channel", "touchpoint", "outcome", "score_type"];

    private static readonly Parameter<int> Top = new("top", $"How many values to list, the most common first (1 to {FieldValues.MaxTop:N0})") { Default = 50 };

    public static readonly Analysis Definition = new Analysis<FieldValuesQuery, FieldValuesResult>
    {
        Name = "values",
        Command = ["values"],
        Title = "Values",
        Summary = "The values a field takes, with persons and events each",
        Description = "The values of a field (channel, touchpoint, outcome, score_type or prop.NAME) with how many persons and events have each: what segments are built from",
        Argument = new PositionalArgument("field", "channel, touchpoint, outcome, score_type or prop.NAME"),
        Parameters = [Top, .. ScopeParameters.Common],
        Bind = values =>
        {
            var field = values.Argument!.Trim();
            var top = values.Get(Top);
            if (top is < 1 or > FieldValues.MaxTop)
            {
                throw new RequestException($"--top {top}: expected 1 to {FieldValues.MaxTop:N0}", Top.Name);
            }

            return IsField(field)
                ? new FieldValuesQuery(Selection.Of(ScopeParameters.Scope(values)), field, top)
                : throw new RequestException($"field '{field}': expected {string.Join(", ", Fields)} or prop.NAME", "field");
        },
        Tables = (_, r) =>
        [
            new DataTable($"Values of {r.Field}: {Show.Number(r.DistinctValues)}" + (r.Values.Count < r.DistinctValues ? $", the {Show.Number(r.Values.Count)} most common" : ""),
                ["value", "persons", "events"],
                r.Values.Select(v => (IReadOnlyList<string>)[v.Value, Show.Number(v.Persons), Show.Number(v.Events)]).ToList())
            { NumericColumns = new HashSet<int> { 1, 2 } },
        ],
    };

    public static bool IsField(string field) =>
        Fields.Contains(field) || (field.StartsWith(Core.Filters.Compare.PropertyPrefix, StringComparison.Ordinal) && field.Length > Core.Filters.Compare.PropertyPrefix.Length);
}
