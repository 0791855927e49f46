namespace JourneyLens.Core.Events;

/// <summary>The kind of survey answer an event carries. Stored as a byte in the engine.</summary>
public enum ScoreType : byte
{
    None = 0,
    Nps = 1,
    Csat = 2,
    Ces = 3,
}

/// <summary>Names and valid ranges of the survey scales (docs/experience.md).</summary>
public static class ScoreScales
{
    public static bool TryParse(string text, out ScoreType type) => TryParse(text.AsSpan(), out type);

    public static bool TryParse(ReadOnlySpan<char> text, out ScoreType type)
    {
        text = text.Trim();
        Span<char> lower = stackalloc char[4];
        type = text.Length > lower.Length || text.ToLowerInvariant(lower) < 0 ? ScoreType.None : lower[..text.Length] switch
        {
            "nps" => ScoreType.Nps,
            "csat" => ScoreType.Csat,
            "ces" => ScoreType.Ces,
            _ => ScoreType.None,
        };
        return type != ScoreType.None;
    }

    public static (int Min, int Max) Range(ScoreType type) => type switch
    {
        ScoreType.Nps => (0, 10),
        ScoreType.Csat => (1, 5),
        ScoreType.Ces => (1, 7),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no scale for this score type"),
    };

    public static string Name(ScoreType type) => type switch
    {
        ScoreType.Nps => "nps",
        ScoreType.Csat => "csat",
        ScoreType.Ces => "ces",
        _ => "",
    };
}
