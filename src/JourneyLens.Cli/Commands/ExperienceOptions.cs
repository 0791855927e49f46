using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Cli.Commands;

/// <summary>Options and formatting shared by the experience commands (docs/experience.md).</summary>
internal static class ExperienceOptions
{
    public static readonly Option<int> MinAnswers = new("--min-answers") { Description = "Fewer answers than this are flagged as too few (default 30)", DefaultValueFactory = _ => Scores.DefaultMinAnswers };
    public static readonly Option<string> Window = new("--window") { Description = "Switching window: 24h (default; 7d for consistency), 90m, 2d …", DefaultValueFactory = _ => "24h" };
    public static readonly Option<string> RepeatWindow = new("--repeat-window") { Description = "Repeat-contact window (default 7d)", DefaultValueFactory = _ => "7d" };
    public static readonly Option<string> Digital = new("--digital") { Description = "Self-service channels, comma-separated (default web,app)", DefaultValueFactory = _ => "web,app" };
    public static readonly Option<string> Assisted = new("--assisted") { Description = "Assisted-contact channels, comma-separated (default phone,chat,email,e-mail,store)", DefaultValueFactory = _ => "phone,chat,email,e-mail,store" };
    public static readonly Option<ScoreType> ScoreTypeOption = new("--score") { Description = "With --format svg: which score to draw along the journey (nps, csat or ces)", DefaultValueFactory = _ => ScoreType.Nps };
    public static readonly Option<int> VariantCount = new("--variants") { Description = "Also score the N most common path variants (repeats collapsed; the rest together)", DefaultValueFactory = _ => 0 };
    public static readonly Option<string> Goal = new("--goal") { Description = "The touchpoint that counts as conversion", Required = true };
    public static readonly Option<string> TaskOption = new("--task") { Description = "The task as START>DONE, each one or more touchpoints separated by |, e.g. \"Searched flights>Booked flight\"", Required = true };

    public static string Points(Core.Statistics.Difference d) => double.IsNaN(d.Delta) ? "" : (d.Delta * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt";

    public static string Signed(double seconds) => double.IsNaN(seconds) ? "" : (seconds < 0 ? "-" : "+") + DurationText.Format(Math.Abs(seconds));

    public static Core.Catalogue.TouchpointCatalogue RequireCatalogue(Core.Catalogue.TouchpointCatalogue catalogue, string what) =>
        catalogue.Touchpoints.Count > 0 ? catalogue : throw new UsageException($"{what} needs a touchpoint catalogue with phases: import one with `journeylens catalogue import FILE`");

    public static int MinAnswersOf(ParseResult parse) =>
        parse.GetValue(MinAnswers) is var min and >= 1 and <= 1_000_000 ? min : throw new UsageException("--min-answers must be 1 to 1000000");

    public static HashSet<string> Channels(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static string Name(ScoreType type) => type.ToString().ToUpperInvariant();

    public static string Rate(Core.Statistics.Estimate e) => $"{Show.Percent(e.Value)} [{Show.Percent(e.Low)}, {Show.Percent(e.High)}]";

    public static string P(double p) => double.IsNaN(p) ? "" : p < 0.0001 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);
}
