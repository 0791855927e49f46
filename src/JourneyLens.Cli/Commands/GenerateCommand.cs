using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JourneyLens.Cli.Output;
using JourneyLens.Rendering.Tables;
using JourneyLens.Generation;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens generate SCENARIO</c>: synthetic multi-channel journeys with planted, known effects.</summary>
public static class GenerateCommand
{
    private static readonly Argument<string> ScenarioName = new("scenario") { Description = "airline, hotel, webshop or telecom" };
    private static readonly Option<int> Customers = new("--customers") { Description = "Number of customers (1 to 20,000,000)", DefaultValueFactory = _ => 10_000 };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Random seed: the same seed and options give byte-identical output", DefaultValueFactory = _ => 42 };
    private static readonly Option<string?> Start = new("--start") { Description = "First day, yyyy-MM-dd (default 2025-01-01)" };
    private static readonly Option<int> Days = new("--days") { Description = "Days over which customers start their journeys", DefaultValueFactory = _ => 180 };
    private static readonly Option<string?> Improvement = new("--improvement-date") { Description = "When the planted improvement takes effect, yyyy-MM-dd (default: halfway)" };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "File to write (default: standard output)" };
    private static readonly Option<string?> Truth = new("--truth") { Description = "Also write the planted effects and their sizes as JSON to this file" };
    private static readonly Option<string?> Catalogue = new("--catalogue") { Description = "Also write the scenario's touchpoint catalogue (owners, channels, phases) as YAML to this file" };

    public static Command Create(CliContext context)
    {
        var command = new Command("generate", "Generate realistic multi-channel journeys (airline, hotel, webshop, telecom) with planted effects, as CSV or JSONL (--format jsonl)");
        command.Arguments.Add(ScenarioName);
        foreach (var option in new Option[] { Customers, Seed, Start, Days, Improvement, Out, Truth, Catalogue })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var scenario = Scenario.Find(parse.GetValue(ScenarioName)!);
            var options = Options(parse);
            var path = parse.GetValue(Out);
            GenerationResult result;
            using (var stream = path is null ? Console.OpenStandardOutput() : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                result = Generator.Generate(scenario, options, stream);
            }

            if (parse.GetValue(Truth) is { } truthPath)
            {
                File.WriteAllText(truthPath, JsonSerializer.Serialize(scenario.Truth(options), OutputWriter.Json));
            }

            if (parse.GetValue(Catalogue) is { } cataloguePath)
            {
                File.WriteAllText(cataloguePath, scenario.CatalogueYaml());
            }

            if (path is not null)
            {
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{scenario.Name}: {result.Customers:N0} customers, {result.Events:N0} events in {result.Elapsed.TotalSeconds:0.00} s ({result.Events / Math.Max(result.Elapsed.TotalSeconds, 1e-9):N0} events/s) → {path}"));
            }

            return ExitCode.Ok;
        });
        return command;
    }

    internal static GeneratorOptions Options(ParseResult parse) => new()
    {
        Customers = parse.GetValue(Customers),
        Seed = parse.GetValue(Seed),
        Start = Date(parse.GetValue(Start), "--start") ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Days = parse.GetValue(Days),
        ImprovementDate = Date(parse.GetValue(Improvement), "--improvement-date"),
        Format = parse.GetValue(CommonOptions.Format) is OutputFormat.Json or OutputFormat.Jsonl ? GeneratedFormat.Jsonl : GeneratedFormat.Csv,
    };

    private static DateTimeOffset? Date(string? text, string option) =>
        Application.Scopes.ScopeParameters.Date(text, option.TrimStart('-')) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
