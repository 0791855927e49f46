using System.Globalization;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

public sealed record PersonListQuery(Selection Over, int Top) : IQuery<PersonListAnswer>;

/// <param name="Person">The person's key identifier (type:value), as the timeline page takes it.</param>
public sealed record PersonRow(string Person, long Events, long Journeys, DateTimeOffset First, DateTimeOffset Last);

/// <param name="Persons">All persons in the scope; <paramref name="Rows"/> holds the most active of them.</param>
public sealed record PersonListAnswer(long Persons, IReadOnlyList<PersonRow> Rows);

/// <summary><c>persons</c>: who is in a scope — behind a Sankey step, a touchpoint, a segment — each linked to their timeline.</summary>
public static class PersonsAnalysis
{
    /// <summary>The most active persons first: by events, then first seen, then name — an order every backend shares.</summary>
    public static IReadOnlyList<PersonRow> Rank(IEnumerable<PersonRow> rows, int top) =>
        [.. rows.OrderByDescending(r => r.Events).ThenBy(r => r.First).ThenBy(r => r.Person, StringComparer.Ordinal).Take(top)];

    private static readonly Parameter<int> Top = new("top", $"How many persons to list, the most active first (1 to {PersonList.MaxTop:N0})") { Default = 1_000 };

    public static readonly Analysis Definition = new Analysis<PersonListQuery, PersonListAnswer>
    {
        Name = "persons",
        Command = ["persons"],
        Title = "Persons",
        Summary = "Who is in the scope: each person with their events, journeys and first and last day, linked to their timeline",
        Description = "The persons in the scope (dates, event filter, segment), the most active first, with their events, journeys and when they were first and last seen",
        Parameters = [Top, .. ScopeParameters.Common],
        Bind = values => values.Get(Top) is var top and >= 1 and <= PersonList.MaxTop
            ? new PersonListQuery(Selection.Of(ScopeParameters.Scope(values)), top)
            : throw new RequestException($"--top {values.Get(Top)}: expected 1 to {PersonList.MaxTop:N0}", Top.Name),
        Tables = (_, answer) =>
        [
            new DataTable($"{answer.Persons:N0} persons" + (answer.Rows.Count < answer.Persons ? $", the {answer.Rows.Count:N0} most active" : ""),
                ["person", "events", "journeys", "first seen", "last seen"],
                answer.Rows.Select(r => (IReadOnlyList<string>)[r.Person, Show.Number(r.Events), Show.Number(r.Journeys), Day(r.First), Day(r.Last)]).ToList())
            { NumericColumns = new HashSet<int> { 1, 2 }, PersonColumns = new HashSet<int> { 0 } },
        ],
    };

    private static string Day(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
