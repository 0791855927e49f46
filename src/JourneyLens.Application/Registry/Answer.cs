using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Registry;

/// <summary>
/// An analysis answered, ready for every front end: the result (its JSON is the contract), its tables (terminal, CSV,
/// pages, report), its picture when it has one (drawn when asked for; null when this result has none), and notes for the user beside the result.
/// </summary>
public sealed record Answer(object Result, IReadOnlyList<DataTable> Tables, Func<string?>? Picture = null)
{
    /// <summary>Things the user should know that are not part of the result (what was not checked, say).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>One answer per breakdown group: there is no single picture.</summary>
    public bool Grouped { get; init; }
}
