using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Engine;

/// <summary>Touchpoint names to engine codes, with one "did you mean" for every analysis and the map validator.</summary>
public static class TouchpointLookup
{
    /// <summary>The code of <paramref name="name"/>, or an error "<paramref name="what"/>: no touchpoint …" with near matches.</summary>
    public static int Code(string[] names, string name, string what)
    {
        var code = Array.IndexOf(names, name);
        return code >= 0 ? code : throw new AnalysisException($"{what}: no touchpoint '{name}' in the workspace{Suggest(name, names)}");
    }

    public static HashSet<int> Codes(string[] names, IEnumerable<string> touchpoints, string what) => touchpoints.Select(t => Code(names, t, what)).ToHashSet();

    /// <summary>" (did you mean: X?)" for the closest names by edit distance (case ignored), or by containment; empty when none is near.</summary>
    public static string Suggest(string name, IEnumerable<string> candidates)
    {
        var near = candidates
            .Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, name.Length / 3) || c.Name.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(c.Name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).Take(3).Select(c => c.Name).ToList();
        return near.Count == 0 ? "" : $" (did you mean: {string.Join(", ", near)}?)";
    }

    /// <summary>Levenshtein distance, two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
