using JourneyLens.Core.Events;

namespace JourneyLens.Core.Identity;

/// <summary>
/// The rules of identity stitching (docs/importing.md, after PostHog, Snowplow and Unomi): which values are never
/// merged on, which identifier types are unique per person, which are strong enough to name a person,
/// and how many identifiers one person may collect before further merges are refused.
/// </summary>
public sealed class IdentityRules
{
    /// <summary>Values that identify nobody: stand-ins written by trackers when no id was known.</summary>
    public static readonly IReadOnlySet<string> DefaultBlockedValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "", "null", "undefined", "none", "nil", "nan", "0", "-1", "anonymous", "guest", "unknown", "n/a", "na",
        "[object object]", "true", "false", "id", "distinct_id", "not_authenticated", "email", "test@example.com",
    };

    /// <summary>Identifier types that only attach to a person (a browser, a device); every other type names one.</summary>
    public static readonly IReadOnlySet<string> DefaultWeakTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "anonymous_id", "device_id", "session_id", "cookie_id",
    };

    /// <summary>
    /// Types whose values are assigned by the system that wrote a process log (a case number), so numeric
    /// stand-ins such as "0" are real ids there; only empty and null-like values are blocked for them.
    /// </summary>
    public static readonly IReadOnlySet<string> SystemAssignedTypes = new HashSet<string>(StringComparer.Ordinal) { "case_id" };

    private static readonly IReadOnlySet<string> s_nullLike = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "", "null", "undefined", "none", "nil", "nan" };

    public IReadOnlySet<string> BlockedValues { get; init; } = DefaultBlockedValues;
    public IReadOnlySet<string> WeakTypes { get; init; } = DefaultWeakTypes;

    /// <summary>Two different values of a unique type are never merged into one person (shared devices).</summary>
    public IReadOnlySet<string> UniqueTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "customer_id", "case_id" };

    /// <summary>A person with this many identifiers is reported and not merged further.</summary>
    public int MaxIdentifiersPerPerson { get; init; } = 100;

    public static IdentityRules Default { get; } = new();

    public bool IsBlocked(Identifier id) => IsBlocked(id.Type, id.Value);

    /// <summary>The same rule for a value not yet made a string: a reader checks it before it allocates one.</summary>
    public bool IsBlocked(string type, ReadOnlySpan<char> value)
    {
        value = value.Trim();
        return Contains(SystemAssignedTypes.Contains(type) ? s_nullLike : BlockedValues, value);
    }

    private static bool Contains(IReadOnlySet<string> set, ReadOnlySpan<char> value) =>
        set is HashSet<string> hashSet && hashSet.TryGetAlternateLookup<ReadOnlySpan<char>>(out var bySpan)
            ? bySpan.Contains(value)
            : set.Contains(value.ToString());

    public bool IsStrong(string type) => !WeakTypes.Contains(type);
}
