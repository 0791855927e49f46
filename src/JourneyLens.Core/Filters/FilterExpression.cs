namespace JourneyLens.Core.Filters;

/// <summary>A parsed filter: comparisons of event fields and properties, combined with and, or and not.</summary>
public abstract record FilterExpression
{
    /// <summary>The property names (<c>prop.NAME</c>) the expression reads, so that only those are loaded.</summary>
    public abstract IEnumerable<string> Properties();
}

public sealed record And(FilterExpression Left, FilterExpression Right) : FilterExpression
{
    public override IEnumerable<string> Properties() => Left.Properties().Concat(Right.Properties());
}

public sealed record Or(FilterExpression Left, FilterExpression Right) : FilterExpression
{
    public override IEnumerable<string> Properties() => Left.Properties().Concat(Right.Properties());
}

public sealed record Not(FilterExpression Inner) : FilterExpression
{
    public override IEnumerable<string> Properties() => Inner.Properties();
}

public enum Comparison
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
}

/// <summary><c>field op value</c>: field is channel, touchpoint, score_type, score, value, outcome or prop.NAME.</summary>
public sealed record Compare(string Field, Comparison Op, IReadOnlyList<FilterValue> Values) : FilterExpression
{
    public const string PropertyPrefix = "prop.";

    public override IEnumerable<string> Properties() => Field.StartsWith(PropertyPrefix, StringComparison.Ordinal) ? [Field[PropertyPrefix.Length..]] : [];
}

/// <summary>A literal: text in single quotes, or a number.</summary>
public readonly record struct FilterValue(string Text, double? Number);
