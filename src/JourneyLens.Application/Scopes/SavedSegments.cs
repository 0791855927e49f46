using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using JourneyLens.Application.Parameters;
using JourneyLens.Core.Errors;

namespace JourneyLens.Application.Scopes;

/// <summary>A segment saved under a name: its filter as written, and what it is for.</summary>
public sealed record SavedSegment(string Name, string Filter, string? Description, DateTimeOffset SavedUtc);

/// <summary>
/// The named segments of a workspace, in <c>segments.json</c> in its folder — beside the SQLite file or the cluster's
/// connection, so both backends have them. <c>@name</c> in a segment, event filter or breakdown stands for the saved
/// filter (<see cref="ScopeParameters"/>); the filter is resolved when a query is bound, so a stored measurement keeps
/// the definition it was taken with. Writes replace the file whole (write, then rename): a reader never sees half.
/// </summary>
public sealed partial class SavedSegments(string folder)
{
    public const string FileName = "segments.json";
    public const int MaxSegments = 200;
    public const int MaxNameLength = 60;
    public const int MaxDescriptionLength = 500;

    private static readonly Lock s_writing = new();
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private string Path => System.IO.Path.Combine(folder, FileName);

    /// <summary>Every saved segment, by name.</summary>
    public IReadOnlyList<SavedSegment> All()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            var read = JsonSerializer.Deserialize<List<SavedSegment>>(File.ReadAllText(Path), s_json) ?? [];
            return [.. read.OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
        catch (JsonException e)
        {
            throw new InputException($"{Path}: not a list of saved segments ({e.Message}); fix or remove the file");
        }
    }

    public SavedSegment? Find(string name) => All().FirstOrDefault(s => s.Name == name);

    /// <summary>Saves (or replaces) a segment after checking its name and that its filter parses.</summary>
    public SavedSegment Save(string name, string filter, string? description, DateTimeOffset now)
    {
        CheckName(name);
        filter = filter.Trim();
        if (filter.StartsWith('@'))
        {
            throw new RequestException($"segment {name}: a saved segment holds a filter, not another segment's name ({filter})", "filter");
        }

        Filter.Parse(filter);
        if (description is { Length: > MaxDescriptionLength })
        {
            throw new RequestException($"segment {name}: a description of at most {MaxDescriptionLength} characters", "description");
        }

        var saved = new SavedSegment(name, filter, string.IsNullOrWhiteSpace(description) ? null : description.Trim(), now);
        Change(all =>
        {
            if (all.Count >= MaxSegments && all.All(s => s.Name != name))
            {
                throw new RequestException($"at most {MaxSegments} saved segments; delete one first (journeylens segment delete NAME)", "name");
            }

            return [.. all.Where(s => s.Name != name), saved];
        });
        return saved;
    }

    /// <summary>Removes a segment; false when there was none of that name.</summary>
    public bool Delete(string name)
    {
        var found = false;
        Change(all =>
        {
            found = all.Any(s => s.Name == name);
            return [.. all.Where(s => s.Name != name)];
        });
        return found;
    }

    /// <summary>The filter <paramref name="text"/> stands for: a saved segment's when it is <c>@name</c>, else itself, parsed.</summary>
    public static Filter Resolve(string text, SavedSegments? saved, string parameter)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('@'))
        {
            return Filter.Parse(text);
        }

        var name = trimmed[1..];
        if (saved is null)
        {
            throw new RequestException($"--{parameter} {trimmed}: saved segments belong to a workspace; with --input, write the filter itself", parameter);
        }

        return saved.Find(name) is { } found
            ? Filter.Parse(found.Filter) with { Name = name }
            : throw new RequestException($"--{parameter} {trimmed}: no saved segment named '{name}'" + Known(saved), parameter);
    }

    private static string Known(SavedSegments saved) =>
        saved.All() is { Count: > 0 } all ? $"; saved: {string.Join(", ", all.Take(20).Select(s => "@" + s.Name))}" : "; none is saved yet (journeylens segment save NAME FILTER)";

    private static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new RequestException($"segment name '{name}': 1 to {MaxNameLength} letters, digits, '-' or '_', starting with a letter or digit", "name");
        }
    }

    private void Change(Func<List<SavedSegment>, List<SavedSegment>> change)
    {
        lock (s_writing)
        {
            var next = change([.. All()]);
            var temporary = Path + $".{Environment.ProcessId}.partial";
            File.WriteAllText(temporary, JsonSerializer.Serialize(next.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), s_json));
            File.Move(temporary, Path, overwrite: true);
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{Nd}][\p{L}\p{Nd}_-]{0,59}$")]
    private static partial Regex NamePattern();
}
