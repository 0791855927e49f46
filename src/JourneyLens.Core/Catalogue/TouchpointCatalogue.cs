using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Catalogue;

/// <summary>Who owns a touchpoint: the organisation itself, a partner (a delivery service) or nobody (a review on a blog).</summary>
public enum Ownership
{
    Owned,
    Partner,
    Earned,
}

/// <summary>
/// What the catalogue knows about one touchpoint; <see cref="Phases"/> maps a lens name to the phase.
/// <see cref="Outbound"/> marks messages the organisation sends (a confirmation e-mail): never a customer's contact.
/// </summary>
public sealed record TouchpointInfo(
    string Name,
    string? DisplayName = null,
    string? Channel = null,
    string? Owner = null,
    Ownership Ownership = Ownership.Owned,
    IReadOnlyDictionary<string, string>? Phases = null,
    bool Outbound = false);

/// <summary>
/// The touchpoint catalogue (docs/catalogue.md): display name, default channel, owner and ownership per touchpoint, and its
/// phase under each lens. Touchpoints the catalogue does not name have no phase (shown as <see cref="NoPhase"/>).
/// </summary>
public sealed class TouchpointCatalogue
{
    public const string NoPhase = "(no phase)";

    public static readonly TouchpointCatalogue Empty = new([], []);

    private readonly Dictionary<string, TouchpointInfo> _touchpoints;

    public TouchpointCatalogue(IEnumerable<TouchpointInfo> touchpoints, IEnumerable<Lens> customLenses)
    {
        _touchpoints = touchpoints.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var lenses = Catalogue.Lens.BuiltIn.ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (var lens in customLenses)
        {
            lenses[lens.Name] = lens;
        }

        Lenses = lenses.Values.ToList();
    }

    public IReadOnlyCollection<TouchpointInfo> Touchpoints => _touchpoints.Values;

    public IReadOnlyList<Lens> Lenses { get; }

    public TouchpointInfo? Find(string touchpoint) => _touchpoints.GetValueOrDefault(touchpoint);

    /// <summary>The lens by name, with a clear error naming the lenses there are.</summary>
    public Lens LensNamed(string name) =>
        Lenses.FirstOrDefault(l => l.Name == name)
        ?? throw new AnalysisException($"no lens '{name}'; lenses: {string.Join(", ", Lenses.Select(l => l.Name))}");

    /// <summary>The touchpoint's phase under a lens, or <see cref="NoPhase"/>.</summary>
    public string PhaseOf(string touchpoint, string lens) =>
        _touchpoints.GetValueOrDefault(touchpoint)?.Phases?.GetValueOrDefault(lens) ?? NoPhase;

    /// <summary>The phases of a lens in order: the lens's own list, then phases only touchpoints name, then <see cref="NoPhase"/>.</summary>
    public IReadOnlyList<string> PhasesInOrder(string lens)
    {
        var declared = LensNamed(lens).Phases;
        var used = _touchpoints.Values.Select(t => t.Phases?.GetValueOrDefault(lens)).OfType<string>().Distinct().Where(p => !declared.Contains(p)).Order(StringComparer.Ordinal);
        return [.. declared, .. used, NoPhase];
    }
}
