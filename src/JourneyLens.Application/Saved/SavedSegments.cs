using JourneyLens.Application.Parameters;

namespace JourneyLens.Application.Saved;

/// <summary>A segment saved under a name: its filter as written, and what it is for.</summary>
public sealed record SavedSegment(string Name, string Filter, string? Description, DateTimeOffset SavedUtc);

/// <summary>
/// The named segments of a workspace, in <c>segments.json</c> in its folder — beside the SQLite file or the cluster's
/// connection, so both backends have them. <c>@name</c> in a segment, event filter or breakdown stands for the saved
/// filter (<see cref="Scopes.ScopeParameters"/>); the filter is resolved when a query is bound, so a stored measurement keeps
/// the definition it was taken with.
/// </summary>
public sealed class SavedSegments(string folder)
{
    public const string FileName = "segments.json";
    public const int MaxSegments = 200;
    public const int MaxDescriptionLength = 500;

    private readonly JsonListFile<SavedSegment> _file = new(folder, FileName, s => s.Name);

    /// <summary>The personas of the same workspace: each is a segment with a face, and maps bound to one are narrowed to it.</summary>
    public SavedPersonas Personas { get; } = new(folder);

    /// <summary>Every saved segment, by name.</summary>
    public IReadOnlyList<SavedSegment> All() => _file.All();

    public SavedSegment? Find(string name) => _file.Find(name);

    /// <summary>Saves (or replaces) a segment after checking its name and that its filter parses.</summary>
    public SavedSegment Save(string name, string filter, string? description, DateTimeOffset now)
    {
        SavedName.Check(name, "segment");
        filter = filter.Trim();
        if (filter.StartsWith('@'))
        {
            throw new RequestException($"segment {name}: a saved segment holds a filter, not another segment's name ({filter})", "filter");
        }

        Scopes.Filter.Parse(filter);
        if (description is { Length: > MaxDescriptionLength })
        {
            throw new RequestException($"segment {name}: a description of at most {MaxDescriptionLength} characters", "description");
        }

        var saved = new SavedSegment(name, filter, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), now);
        _file.Put(saved, MaxSegments, $"at most {MaxSegments} saved segments; delete one first (journeylens segment delete NAME)");
        return saved;
    }

    /// <summary>Removes a segment; false when there was none of that name.</summary>
    public bool Delete(string name) => _file.Remove(name);

    /// <summary>How many persons a saved filter holds now: the persons of the overview under it.</summary>
    public static long Persons(Backends.IAnalysisBackend backend, string filter) =>
        backend.Answer(new Analyses.SegmentSizeQuery(Scopes.Filter.Parse(filter)));

    /// <summary>The filter <paramref name="text"/> stands for: a saved segment's when it is <c>@name</c>, else itself, parsed.</summary>
    public static Scopes.Filter Resolve(string text, SavedSegments? saved, string parameter)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('@'))
        {
            return Scopes.Filter.Parse(text);
        }

        var name = trimmed[1..];
        if (saved is null)
        {
            throw new RequestException($"--{parameter} {trimmed}: saved segments belong to a workspace; with --input, write the filter itself", parameter);
        }

        return saved.Find(name) is { } found
            ? Scopes.Filter.Parse(found.Filter) with { Name = name }
            : throw new RequestException($"--{parameter} {trimmed}: no saved segment named '{name}'" + Known(saved), parameter);
    }

    private static string Known(SavedSegments saved) =>
        saved.All() is { Count: > 0 } all ? $"; saved: {string.Join(", ", all.Take(20).Select(s => "@" + s.Name))}" : "; none is saved yet (save one on the Segments page, or with journeylens segment save NAME FILTER)";
}
