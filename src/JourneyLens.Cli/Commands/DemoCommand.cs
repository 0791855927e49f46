using System.CommandLine;
using JourneyLens.Ingest;
using JourneyLens.Generation;
using JourneyLens.Storage;
using JourneyLens.Storage.Import;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// <c>journeylens demo</c>: generates a small airline data set (web, app, e-mail, phone, airport, surveys) into
/// ./journeylens-demo, imports it with its touchpoint catalogue, saves the airline sample map, writes the report
/// (report.html), prints the overview and opens the web app on it (unless --no-serve). Running it again changes
/// nothing: the import is idempotent.
/// </summary>
public static class DemoCommand
{
    public const string DefaultFolder = "journeylens-demo";
    private const string SampleMap = "airline-door-to-door.yaml";
    private static readonly Option<int> Customers = new("--customers") { Description = "Customers to generate", DefaultValueFactory = _ => 5_000 };
    private static readonly Option<bool> NoServe = new("--no-serve") { Description = "Stop after the overview instead of opening the web app on the demo workspace" };

    private static readonly (string Name, string Title, string Description, string[] Goals)[] Personas =
    [
        ("family", "Family traveller", "Two adults and two children, one trip a year, price-aware, travelling with checked bags.",
            ["A relaxed summer holiday for the whole family", "A price that does not grow with every click"]),
        ("business", "Business traveller", "Flies often for work, books on the app, travels light and values time over price.",
            ["Get there and back on time", "Change plans without calling anyone"]),
        ("budget", "Budget traveller", "Flies when a fare is low, compares a lot, no checked bags.",
            ["The lowest fare", "No surprises at the airport"]),
    ];

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", $"Generate a multi-channel demo data set into ./{DefaultFolder}, import it and show the overview");
        command.Options.Add(Customers);
        command.Options.Add(NoServe);
        command.SetAction(parse =>
        {
            var folder = Path.GetFullPath(parse.GetValue(CommonOptions.Workspace) ?? DefaultFolder);
            Directory.CreateDirectory(folder);
            var data = Path.Combine(folder, "airline-demo.csv");
            var scenario = Scenario.Find("airline");
            var options = new GeneratorOptions { Customers = Math.Clamp(parse.GetValue(Customers), 1, 1_000_000) };
            using (var stream = File.Create(data))
            {
                Generator.Generate(scenario, options, stream);
            }

            File.WriteAllText(Path.Combine(folder, "airline-demo.truth.json"), System.Text.Json.JsonSerializer.Serialize(scenario.Truth(options), Output.OutputWriter.Json));
            using (var workspace = Workspace.Open(folder, create: true, context.Clock))
            {
                var summary = new Importer(workspace).Import(data, new ImportOptions(), new ImportSettings());
                Storage.Catalogue.CatalogueStore.Save(workspace, scenario.CatalogueYaml(), $"{scenario.Name}.touchpoints.yaml");
                using var map = typeof(DemoCommand).Assembly.GetManifestResourceStream(SampleMap)!;
                Storage.Maps.MapStore.Save(workspace, "airline-door-to-door", new StreamReader(map).ReadToEnd());
                context.Error.WriteLine($"demo: {summary.Accepted:N0} events imported ({summary.Duplicates:N0} already there) into {folder}");
            }

            // The airline's travellers as personas: the sample map is about the family traveller, so it is bound to them.
            var segments = new Application.Saved.SavedSegments(folder);
            foreach (var (name, title, description, goals) in Personas)
            {
                segments.Personas.Save(name, title, description, goals, $"prop.persona = '{name}'", segments, context.Clock.GetUtcNow());
            }

            var report = Path.Combine(folder, "report.html");
            var written = CliApp.Run(["report", "--out", report, "--goal", "Booked flight", "--workspace", folder], context.Out, context.Error);
            if (written != ExitCode.Ok)
            {
                return written;
            }

            context.Error.WriteLine($"Open {report} in a browser: every analysis and the airline journey map bound to the data.");
            context.Error.WriteLine($"Explore it: journeylens stats -w {folder}   ·   journeylens map bind airline-door-to-door -w {folder}   ·   journeylens person C1 -w {folder}");
            var shown = CliApp.Run(["stats", "--workspace", folder, "--format", parse.GetValue(CommonOptions.Format).ToString().ToLowerInvariant()], context.Out, context.Error);
            return shown != ExitCode.Ok || parse.GetValue(NoServe) ? shown : ServeCommand.Serve(context, folder, Web.Hosting.WebSettings.DefaultUrl, requireKeys: false);
        });
        return command;
    }
}
