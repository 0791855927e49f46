using System.Globalization;
using JourneyLens.Core.Errors;
using JourneyLens.Core.Events;
using JourneyLens.Core.Filters;

namespace JourneyLens.ClickHouse;

/// <summary>
/// An event filter (docs/analyses.md, "Filters") as a ClickHouse condition, with the embedded evaluator's meaning: a
/// comparison with a missing value (no outcome, no score, no value) is false whatever the operator, and <c>not</c>
/// negates that. Text is compared for equality and lists only: ordering of text would follow UTF-8 bytes on the
/// cluster and UTF-16 units in the engine. Properties are not on the cluster. What cannot be said the same way is
/// null, and the query is refused rather than answered differently.
/// </summary>
internal static class ClickHouseFilter
{
    private static readonly string[] ScoreTypes = ["", "nps", "csat", "ces"];

    public static string? Sql(FilterExpression expression) => expression switch
    {
        And and => Sql(and.Left) is { } l && Sql(and.Right) is { } r ? $"({l} AND {r})" : null,
        Or or => Sql(or.Left) is { } l && Sql(or.Right) is { } r ? $"({l} OR {r})" : null,
        Not not => Sql(not.Inner) is { } inner ? $"(NOT {inner})" : null,
        Compare c => Comparison(c),
        _ => null,
    };

    private static string? Comparison(Compare c) => c.Field switch
    {
        "touchpoint" or "channel" => Text(c, c.Field, present: null),
        "outcome" => Text(c, "outcome", present: "outcome != ''"),
        "score_type" => ScoreType(c),
        "score" => Numeric(c, "toFloat64(score)", present: "score_type != 0"),
        "value" => Numeric(c, "value", present: "NOT isNaN(value)"),
        _ => null,
    };

    private static string? Text(Compare c, string column, string? present)
    {
        var values = c.Values.Select(v => Literal(v.Text)).ToList();
        var test = c.Op switch
        {
            Core.Filters.Comparison.Equal => $"{column} = {values[0]}",
            Core.Filters.Comparison.NotEqual => $"{column} != {values[0]}",
            Core.Filters.Comparison.In => $"{column} IN ({string.Join(", ", values)})",
            Core.Filters.Comparison.NotIn => $"{column} NOT IN ({string.Join(", ", values)})",
            _ => null,
        };
        return test is null ? null : present is null ? $"({test})" : $"({present} AND {test})";
    }

    /// <summary>Score types are numbers on the cluster (0: none); a name the engine does not know matches nothing.</summary>
    private static string? ScoreType(Compare c)
    {
        if (c.Op is not (Core.Filters.Comparison.Equal or Core.Filters.Comparison.NotEqual or Core.Filters.Comparison.In or Core.Filters.Comparison.NotIn))
        {
            return null;
        }

        var codes = c.Values.Select(v => Array.IndexOf(ScoreTypes, v.Text)).Select(k => k > 0 ? k.ToString(CultureInfo.InvariantCulture) : "-1").ToList();
        var test = c.Op switch
        {
            Core.Filters.Comparison.Equal => $"score_type = {codes[0]}",
            Core.Filters.Comparison.NotEqual => $"score_type != {codes[0]}",
            Core.Filters.Comparison.In => $"score_type IN ({string.Join(", ", codes)})",
            _ => $"score_type NOT IN ({string.Join(", ", codes)})",
        };
        return $"(score_type != 0 AND {test})";
    }

    private static string Numeric(Compare c, string column, string present)
    {
        if (c.Values.FirstOrDefault(v => v.Number is null) is { Text: var text } && c.Values.Any(v => v.Number is null))
        {
            throw new AnalysisException($"filter: {c.Field} is a number; compare it with a number, not '{text}'");
        }

        var numbers = c.Values.Select(v => v.Number!.Value.ToString("R", CultureInfo.InvariantCulture)).ToList();
        var test = c.Op switch
        {
            Core.Filters.Comparison.Equal => $"{column} = {numbers[0]}",
            Core.Filters.Comparison.NotEqual => $"{column} != {numbers[0]}",
            Core.Filters.Comparison.Less => $"{column} < {numbers[0]}",
            Core.Filters.Comparison.LessOrEqual => $"{column} <= {numbers[0]}",
            Core.Filters.Comparison.Greater => $"{column} > {numbers[0]}",
            Core.Filters.Comparison.GreaterOrEqual => $"{column} >= {numbers[0]}",
            Core.Filters.Comparison.In => $"{column} IN ({string.Join(", ", numbers)})",
            _ => $"{column} NOT IN ({string.Join(", ", numbers)})",
        };
        return $"({present} AND {test})";
    }

    /// <summary>A ClickHouse string literal: backslash and quote escaped.</summary>
    internal static string Literal(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
