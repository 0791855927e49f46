using JourneyLens.Application.Scopes;

namespace JourneyLens.Application.Registry;

/// <summary>
/// What a query runs over: the scope, what a step stands for, and the breakdown (null: one answer for the whole
/// scope).
/// </summary>
public sealed record Selection(Scope Scope, Nodes Nodes, Breakdown? Breakdown = null)
{
    public static readonly Selection All = new(Scope.All, Nodes.Touchpoints);

    public static Selection Of(Scope scope) => new(scope, Nodes.Touchpoints);
}

/// <summary>
/// A typed, validated query of one analysis, answered by a backend with a <typeparamref name="TResult"/>. Queries are
/// backend-neutral: filters are trees, touchpoints and persons are named, nothing refers to an engine's indexes.
/// </summary>
public interface IQuery<TResult>
{
    Selection Over { get; }
}

/// <summary>The result of an analysis per breakdown group (JSON: <c>{"by", "groups":[{"value","persons","result"}]}</c>).</summary>
public sealed record BreakdownResult<T>(string By, IReadOnlyList<GroupResult<T>> Groups);

public sealed record GroupResult<T>(string Value, int Persons, T Result);
