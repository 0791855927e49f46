using System.Globalization;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Filters;

/// <summary>
/// Turns a filter into a predicate over the events of an <see cref="EventTable"/>. A comparison with a missing
/// value (no score, no such property) is false, whatever the operator, as in SQL.
/// </summary>
public static class FilterEvaluator
{
    /// <param name="properties">For each property the filter names, its value per event (null where absent).</param>
    public static Func<int, bool> Compile(FilterExpression expression, EventTable table, IReadOnlyDictionary<string, string?[]> properties) => expression switch
    {
        And and => Both(Compile(and.Left, table, properties), Compile(and.Right, table, properties)),
        Or or => Either(Compile(or.Left, table, properties), Compile(or.Right, table, properties)),
        Not not => Negate(Compile(not.Inner, table, properties)),
        Compare compare => Comparison(compare, table, properties),
        _ => throw new AnalysisException($"filter: unsupported expression {expression}"),
    };

    private static Func<int, bool> Both(Func<int, bool> a, Func<int, bool> b) => i => a(i) && b(i);

    private static Func<int, bool> Either(Func<int, bool> a, Func<int, bool> b) => i => a(i) || b(i);

    private static Func<int, bool> Negate(Func<int, bool> a) => i => !a(i);

    private static Func<int, bool> Comparison(Compare c, EventTable t, IReadOnlyDictionary<string, string?[]> properties)
    {
        switch (c.Field)
        {
            case "touchpoint":
                return Coded(c, t.TouchpointNames, i => t.Touchpoint[i]);
            case "channel":
                return Coded(c, t.ChannelNames, i => t.Channel[i]);
            case "outcome":
                return Coded(c, t.OutcomeNames, i => t.Outcome[i], missing: 0);
            case "score_type":
                var types = new[] { "", "nps", "csat", "ces" };
                return Coded(c, types, i => (int)t.ScoreType[i], missing: 0);
            case "score":
                return Numeric(c, i => t.ScoreType[i] == ScoreType.None ? null : t.Score[i]);
            case "value":
                return Numeric(c, i => double.IsNaN(t.Value[i]) ? null : t.Value[i]);
            default:
                var values = properties[c.Field[Compare.PropertyPrefix.Length..]];
                return c.Values.All(v => v.Number is not null) && c.Op is not (Filters.Comparison.Equal or Filters.Comparison.NotEqual or Filters.Comparison.In or Filters.Comparison.NotIn)
                    ? Numeric(c, i => double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null)
                    : Text(c, values);
        }
    }

    /// <summary>A text property: only what the operator needs, per event (this runs once per event of the workspace).</summary>
    private static Func<int, bool> Text(Compare c, string?[] values)
    {
        var texts = c.Values.Select(v => v.Text).ToArray();
        var first = texts[0];
        return c.Op switch
        {
            Filters.Comparison.Equal => i => values[i] is { } v && string.Equals(v, first, StringComparison.Ordinal),
            Filters.Comparison.NotEqual => i => values[i] is { } v && !string.Equals(v, first, StringComparison.Ordinal),
            Filters.Comparison.In => i => values[i] is { } v && Array.IndexOf(texts, v) >= 0,
            Filters.Comparison.NotIn => i => values[i] is { } v && Array.IndexOf(texts, v) < 0,
            _ => i => values[i] is { } v && Matches(c, string.CompareOrdinal(v, first), inList: false),
        };
    }

    /// <summary>A dictionary-encoded field: the outcome of the comparison is decided once per code.</summary>
    private static Func<int, bool> Coded(Compare c, string[] names, Func<int, int> code, int missing = -1)
    {
        var result = names.Select((name, k) => k != missing && Matches(c, string.CompareOrdinal(name, c.Values[0].Text), c.Values.Any(v => v.Text == name))).ToArray();
        return i => result[code(i)];
    }

    private static Func<int, bool> Numeric(Compare c, Func<int, double?> value)
    {
        if (c.Values.Any(v => v.Number is null))
        {
            throw new AnalysisException($"filter: {c.Field} is a number; compare it with a number, not '{c.Values.First(v => v.Number is null).Text}'");
        }

        return i => value(i) is { } x && Matches(c, x.CompareTo(c.Values[0].Number!.Value), c.Values.Any(v => v.Number == x));
    }

    private static bool Matches(Compare c, int order, bool inList) => c.Op switch
    {
        Filters.Comparison.Equal => order == 0,
        Filters.Comparison.NotEqual => order != 0,
        Filters.Comparison.Less => order < 0,
        Filters.Comparison.LessOrEqual => order <= 0,
        Filters.Comparison.Greater => order > 0,
        Filters.Comparison.GreaterOrEqual => order >= 0,
        Filters.Comparison.In => inList,
        _ => !inList,
    };
}
