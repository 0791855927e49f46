using JourneyLens.Core.Engine;
using JourneyLens.Storage.Engine;

namespace JourneyLens.Storage.Queries;

/// <summary>
/// Free properties, which the engine does not hold, as columns aligned with the engine's events (for filters and
/// breakdowns): from the kept property columns (<see cref="PropertyColumnStore"/>), not from every event's JSON.
/// </summary>
public static class PropertyColumns
{
    /// <param name="loader">A long-running process's loader keeps the columns in memory too; null: from the files.</param>
    public static IReadOnlyDictionary<string, string?[]> Load(Workspace workspace, EventTable table, IEnumerable<string> names, EngineLoader? loader = null)
    {
        var result = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            result[name] = loader is null ? PropertyColumnStore.Load(workspace, name).Align(table.RowId) : loader.Aligned(workspace, name, table);
        }

        return result;
    }
}
