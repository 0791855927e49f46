using JourneyLens.Application.Parameters;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Experience;

namespace JourneyLens.Application.Analyses;

/// <summary>Parameters that several analyses take, declared once, and their checks.</summary>
public static class SharedParameters
{
    public static readonly Parameter<int> MinAnswers = new("min-answers", "Fewer answers than this are flagged as too few (default 30)") { Default = Scores.DefaultMinAnswers };
    public static readonly Parameter<int> MinN = new("min-n", "Fewer observations than this on either side: 'not enough data' (default 30)") { Default = 30 };
    public static readonly Parameter<string> SwitchWindow = new("window", "Switching window: 24h (default; 7d for consistency), 90m, 2d …") { Default = "24h", Kind = TextKind.Duration };
    public static readonly Parameter<string> Assisted = new("assisted", "Assisted-contact channels, comma-separated (default phone,chat,email,e-mail,store)") { Default = "phone,chat,email,e-mail,store" };

    public static readonly Parameter<string[]> Metrics = new("metric",
        "A metric (repeat): nps, csat, ces (optionally @TOUCHPOINT), failed-self-service@T, repeat-contact@T, conversion@A>B, reach@T, journey-duration")
    { Default = [], Required = true };

    public static int MinAnswersOf(ParameterValues values) =>
        values.Get(MinAnswers) is var min and >= 1 and <= 1_000_000 ? min : throw new RequestException("--min-answers must be 1 to 1000000", MinAnswers.Name);

    public static string[] MetricsOf(ParameterValues values)
    {
        var metrics = values.Get(Metrics);
        return metrics.Length is >= 1 and <= 50 ? metrics : throw new RequestException("give 1 to 50 --metric options", Metrics.Name);
    }

    public static HashSet<string> Channels(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A time span such as 30d, 24h, 90m or 600s.</summary>
    public static TimeSpan Duration(string text, string option) =>
        DurationText.Parse(text) ?? throw new RequestException($"{option} {text}: expected {DurationText.Expected}", option.TrimStart('-').Split('=')[0].Split(' ')[0]);
}
