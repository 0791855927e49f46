using JourneyLens.Application.Parameters;

namespace JourneyLens.Application.Saved;

/// <summary>
/// A persona: who a journey map is about, as an object the team shares — a name maps refer to (<c>actor.persona</c>),
/// a title and description, their goals, and the segment of persons in the data who are this persona.
/// </summary>
/// <param name="Segment">A filter, or <c>@name</c> of a saved segment (resolved when a map is bound, so it follows the segment).</param>
public sealed record SavedPersona(string Name, string? Title, string? Description, IReadOnlyList<string> Goals, string Segment, DateTimeOffset SavedUtc)
{
    /// <summary>How pages and maps name the persona: its title, else its name.</summary>
    public string Shown => Title ?? Name;
}

/// <summary>A persona with its segment parsed: what a map binding is narrowed to.</summary>
public sealed record PersonaSegment(string Name, string Shown, Scopes.Filter Segment);

/// <summary>The personas of a workspace, in <c>personas.json</c> in its folder (beside <c>segments.json</c>).</summary>
public sealed class SavedPersonas(string folder)
{
    public const string FileName = "personas.json";
    public const int MaxPersonas = 100;
    public const int MaxGoals = 20;
    public const int MaxTextLength = 500;

    private readonly JsonListFile<SavedPersona> _file = new(folder, FileName, p => p.Name);

    public IReadOnlyList<SavedPersona> All() => _file.All();

    public SavedPersona? Find(string name) => _file.Find(name);

    /// <summary>Saves (or replaces) a persona after checking its name, its texts and that its segment resolves.</summary>
    public SavedPersona Save(string name, string? title, string? description, IEnumerable<string> goals, string segment, SavedSegments segments, DateTimeOffset now)
    {
        SavedName.Check(name, "persona");
        var goalList = goals.Select(g => g.Trim()).Where(g => g.Length > 0).ToList();
        if (goalList.Count > MaxGoals)
        {
            throw new RequestException($"persona {name}: at most {MaxGoals} goals", "goals");
        }

        foreach (var (text, field) in goalList.Select(g => (g, "goals")).Append((title ?? "", "title")).Append((description ?? "", "description")))
        {
            if (text.Length > MaxTextLength)
            {
                throw new RequestException($"persona {name}: {field} of at most {MaxTextLength} characters", field);
            }
        }

        if (string.IsNullOrWhiteSpace(segment))
        {
            throw new RequestException($"persona {name}: give the segment of persons who are this persona, e.g. \"prop.persona = 'family'\" or @family", "segment");
        }

        // Checked now (parses, names a saved segment), kept as written so that an @segment is followed when it changes.
        SavedSegments.Resolve(segment, segments, "segment");
        var saved = new SavedPersona(name, Blank(title), Blank(description), goalList, segment.Trim(), now);
        _file.Put(saved, MaxPersonas, $"at most {MaxPersonas} personas; delete one first (journeylens persona delete NAME)");
        return saved;
    }

    public bool Delete(string name) => _file.Remove(name);

    /// <summary>Every persona with its segment resolved; one whose segment no longer resolves is left out and named in <paramref name="problems"/>.</summary>
    public IReadOnlyList<PersonaSegment> Resolved(SavedSegments segments, List<string> problems)
    {
        var resolved = new List<PersonaSegment>();
        foreach (var p in All())
        {
            try
            {
                resolved.Add(new PersonaSegment(p.Name, p.Shown, SavedSegments.Resolve(p.Segment, segments, "segment")));
            }
            catch (Core.Errors.UserErrorException e)
            {
                problems.Add($"persona '{p.Name}': its segment does not resolve ({e.Message})");
            }
        }

        return resolved;
    }

    /// <summary>The persons a persona's segment holds now; null when it names a saved segment that is gone.</summary>
    public static long? Persons(Backends.IAnalysisBackend backend, SavedPersona persona, SavedSegments segments)
    {
        try
        {
            return SavedSegments.Persons(backend, SavedSegments.Resolve(persona.Segment, segments, "segment").Text);
        }
        catch (Core.Errors.UserErrorException)
        {
            return null;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
