using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Scopes;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Registry;

/// <summary>A positional value of an analysis: a person, a map; <see cref="Many"/> takes any number of them.</summary>
public sealed record PositionalArgument(string Name, string Description, bool Many = false);

/// <summary>
/// One analysis, declared once in <see cref="AnalysisRegistry"/>: the CLI command, the HTTP endpoint with its
/// OpenAPI parameters, the page with its form and the report are all made from this.
/// </summary>
public abstract class Analysis
{
    /// <summary>The address: <c>/api/{Name}</c> and the page <c>/{Name}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The CLI command path, e.g. <c>["map", "bind"]</c>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public required string Title { get; init; }

    /// <summary>One line for people choosing an analysis (pages, OpenAPI).</summary>
    public required string Summary { get; init; }

    /// <summary>The command's description in the CLI's help.</summary>
    public required string Description { get; init; }

    /// <summary>In the order the CLI lists them and the form shows them.</summary>
    public required IReadOnlyList<Parameter> Parameters { get; init; }

    public PositionalArgument? Argument { get; init; }

    /// <summary>Cannot run without the user's choice (funnel steps, a goal): the page asks first.</summary>
    public bool NeedsInput { get; init; }

    /// <summary>Draws a picture (<c>--format svg</c>).</summary>
    public abstract bool HasPicture { get; }

    public bool TakesBreakdown => Parameters.Contains(ScopeParameters.By);

    /// <summary>
    /// Binds the values into the typed query (checking them before anything is opened), has the backend answer it, and
    /// dresses the result.
    /// </summary>
    public abstract Answer Run(ParameterValues values, Func<IAnalysisBackend> openBackend);

    /// <summary>The same on a backend that stays open for more (the report runs every analysis on one).</summary>
    public abstract Answer Run(ParameterValues values, IAnalysisBackend backend);

    public ParameterValues NewValues(string? argument = null) => new(Parameters, argument);
}

/// <summary>An analysis whose query is a <typeparamref name="TQuery"/> and whose result a <typeparamref name="TResult"/>.</summary>
public sealed class Analysis<TQuery, TResult> : Analysis
    where TQuery : IQuery<TResult>
    where TResult : notnull
{
    public required Func<ParameterValues, TQuery> Bind { get; init; }

    public required Func<TQuery, TResult, DataTable[]> Tables { get; init; }

    /// <summary>The picture (SVG) of a result; null where a result has none (a list of persons, say).</summary>
    public Func<TQuery, TResult, string?>? Picture { get; init; }

    /// <summary>What the JSON shows of a result, when not the result itself.</summary>
    public Func<TResult, object>? Json { get; init; }

    /// <summary>Notes about a result that are not part of its JSON.</summary>
    public Func<TResult, IEnumerable<string>>? Notes { get; init; }

    public override bool HasPicture => Picture is not null;

    private object Shown(TResult result) => Json is null ? result : Json(result);

    public override Answer Run(ParameterValues values, Func<IAnalysisBackend> openBackend)
    {
        var query = Bind(values);
        using var backend = openBackend();
        return Answer(query, backend);
    }

    public override Answer Run(ParameterValues values, IAnalysisBackend backend) => Answer(Bind(values), backend);

    private Answer Answer(TQuery query, IAnalysisBackend backend)
    {
        if (query.Over.Breakdown is not { } breakdown)
        {
            var result = backend.Answer(query);
            return new Registry.Answer(Shown(result), Tables(query, result), Picture is null ? null : () => Picture(query, result)) { Notes = Notes?.Invoke(result).ToList() ?? [] };
        }

        var groups = backend.AnswerPerGroup(query);
        var tables = groups.Groups.Select(g => (g.Value, Tables: Tables(query, g.Result))).ToList();
        var shown = new BreakdownResult<object>(groups.By, groups.Groups.Select(g => new GroupResult<object>(g.Value, g.Persons, Shown(g.Result))).ToList());
        return new Registry.Answer(shown, Merge(breakdown.Name, tables)) { Grouped = true };
    }

    /// <summary>Each table once, with the group as its first column and the rows of every group in turn.</summary>
    private static DataTable[] Merge(string by, IReadOnlyList<(string Value, DataTable[] Tables)> groups)
    {
        if (groups.Count == 0)
        {
            return [];
        }

        return groups[0].Tables.Select((first, t) => new DataTable(
            $"{first.Title.Split(':')[0]} — by {by}",
            [by, .. first.Columns],
            groups.SelectMany(g => g.Tables[t].Rows.Select(r => (IReadOnlyList<string>)[g.Value, .. r])).ToList())
        { NumericColumns = first.NumericColumns.Select(c => c + 1).ToHashSet() }).ToArray();
    }
}
