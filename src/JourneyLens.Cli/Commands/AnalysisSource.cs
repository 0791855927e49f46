using System.CommandLine;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Ingest.Catalogue;
using JourneyLens.Ingest.InMemory;
using JourneyLens.Ingest.Validation;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Queries;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// The events an analysis runs on: the workspace's, or with <c>--input FILE</c> a file read into memory (validated,
/// deduplicated and stitched as an import would, nothing stored), with the catalogue and free properties to match.
/// </summary>
public sealed class AnalysisSource : IDisposable
{
    public static readonly Option<string?> Input = new("--input", "-i")
    {
        Description = "Analyse this event file (CSV, JSONL or XES, .gz allowed) in memory instead of the workspace; nothing is stored. Takes import's reading options (--map, --timezone, …)",
    };

    public static readonly Option<string?> CatalogueFile = new("--catalogue") { Description = "With --input: the touchpoint catalogue (YAML) for phases and lenses" };

    private const int MaxCatalogueBytes = 1 << 20;
    private readonly IDisposable? _owner;

    private AnalysisSource(JourneyEngine engine, TouchpointCatalogue catalogue, PropertyLoader properties, Func<IEnumerable<int>, IReadOnlyList<string>> personKeys, IDisposable? owner)
    {
        (Engine, Catalogue, Properties, PersonKeys, _owner) = (engine, catalogue, properties, personKeys, owner);
    }

    public JourneyEngine Engine { get; }
    public TouchpointCatalogue Catalogue { get; }
    public PropertyLoader Properties { get; }

    /// <summary>The names (type:value of the key identifier) of persons of <see cref="Engine"/>.</summary>
    public Func<IEnumerable<int>, IReadOnlyList<string>> PersonKeys { get; }

    public static void AddOptions(Command command)
    {
        command.Options.Add(Input);
        command.Options.Add(CatalogueFile);
        foreach (var option in ReadingOptions.All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Opens the workspace, or reads --input; the command's date range, filter and segment are applied.</summary>
    public static AnalysisSource Open(ParseResult parse, CliContext context)
    {
        // In the web server's command tree these options do not exist (CliContext.LocalFiles).
        var (input, cataloguePath) = context.LocalFiles ? (parse.GetValue(Input), parse.GetValue(CatalogueFile)) : (null, null);
        var gap = CommonOptions.Gap(parse);
        var narrow = (JourneyEngine engine, PropertyLoader properties) => CommonOptions.Narrow(engine, gap, parse.GetValue(CommonOptions.From), parse.GetValue(CommonOptions.To),
            parse.GetValue(CommonOptions.Where), parse.GetValue(CommonOptions.Segment), properties);
        if (input is null)
        {
            if (cataloguePath is not null)
            {
                throw new UsageException("--catalogue goes with --input; a workspace has its own catalogue (journeylens catalogue import)");
            }

            var workspace = Storage.Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false);
            try
            {
                PropertyLoader fromWorkspace = (events, names) => PropertyColumns.Load(workspace, events, names);
                var engine = narrow(Storage.Engine.EngineLoader.Load(workspace, gap), fromWorkspace);
                return new AnalysisSource(engine, CatalogueStore.Load(workspace), fromWorkspace, persons => PersonQuery.Keys(workspace, engine, persons), workspace);
            }
            catch
            {
                workspace.Dispose();
                throw;
            }
        }

        var catalogue = cataloguePath is null ? TouchpointCatalogue.Empty : ReadCatalogue(cataloguePath);
        var file = EventFile.Read(input, ReadingOptions.Parse(parse), parse.GetValue(ReadingOptions.MaxErrors));
        ReportRejections(context, file);
        var read = new JourneyEngine(file.Events, JourneyIndex.Cut(file.Events, gap));
        var narrowed = narrow(read, file.Properties);
        // Filters keep every person's index (and key), so the file's names serve the narrowed engine too.
        return new AnalysisSource(narrowed, catalogue, file.Properties, persons => persons.Select(file.PersonName).ToList(), null);
    }

    /// <summary>Nothing is dropped silently: rejected rows are counted by reason on stderr, with the first few in full.</summary>
    private static void ReportRejections(CliContext context, EventFile file)
    {
        if (file.Duplicates > 0)
        {
            context.Error.WriteLine($"note: {file.Duplicates:N0} events of {Path.GetFileName(file.File)} repeat an earlier event_id and are counted once");
        }

        if (file.Quarantined == 0)
        {
            return;
        }

        var reasons = string.Join("; ", file.QuarantinedByReason.OrderByDescending(r => r.Value).Select(r => $"{r.Key} ({r.Value:N0})"));
        context.Error.WriteLine($"warning: {file.Quarantined:N0} rows of {Path.GetFileName(file.File)} were rejected and are not in the analysis: {reasons}");
        foreach (var r in file.FirstRejections.Take(5))
        {
            context.Error.WriteLine($"  {Path.GetFileName(r.File)}:{r.Line}: {r.Field}: {r.Reason}{(r.Found is null ? "" : $" (found '{r.Found}')")}");
        }

        context.Error.WriteLine("  run `journeylens import FILE --dry-run` for the full list");
    }

    private static TouchpointCatalogue ReadCatalogue(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("file not found", path);
        }

        if (new FileInfo(path).Length > MaxCatalogueBytes)
        {
            throw new InputException($"a catalogue is at most {MaxCatalogueBytes >> 20} MB", path);
        }

        return CatalogueYaml.Parse(File.ReadAllText(path), path);
    }

    public void Dispose() => _owner?.Dispose();
}
