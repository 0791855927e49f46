using System.CommandLine;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Imports;
using JourneyLens.Core.Catalogue;
using JourneyLens.Ingest.Catalogue;
using JourneyLens.Ingest.InMemory;
using JourneyLens.Core.Errors;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// <c>--input FILE</c>: an analysis over an event file read into memory (validated, deduplicated and stitched as an
/// import would, nothing stored), with the catalogue given for it; otherwise the workspace.
/// </summary>
public sealed class InputSource
{
    private readonly Option<string?> _input = new("--input", "-i")
    {
        Description = "Analyse this event file (CSV, JSONL or XES, .gz allowed) in memory instead of the workspace; nothing is stored. Takes import's reading options (--map, --timezone, …)",
    };

    private readonly Option<string?> _catalogueFile = new("--catalogue") { Description = "With --input: the touchpoint catalogue (YAML) for phases and lenses" };

    private const int MaxCatalogueBytes = 1 << 20;

    private readonly ParameterOptions _reading = new(ReadingParameters.All);

    private InputSource()
    {
    }

    /// <summary>Adds --input, --catalogue and the reading options to <paramref name="command"/>.</summary>
    public static InputSource AddTo(Command command)
    {
        var source = new InputSource();
        command.Options.Add(source._input);
        command.Options.Add(source._catalogueFile);
        source._reading.AddTo(command);
        return source;
    }

    /// <summary>The workspace's backend: its ClickHouse cluster when it points at one (cluster connect), else the embedded one.</summary>
    public static IAnalysisBackend Workspace(ParseResult parse, CliContext context)
    {
        var folder = CommonOptions.WorkspaceFolder(parse);
        return ClickHouse.ClusterWorkspace.Find(folder) is { } cluster
            ? new ClickHouse.ClickHouseBackend(cluster)
            : EmbeddedBackend.OpenWorkspace(folder, context.Engines);
    }

    /// <summary>The backend over --input's file, else over the workspace.</summary>
    public IAnalysisBackend Open(ParseResult parse, CliContext context)
    {
        var (input, cataloguePath) = (parse.GetValue(_input), parse.GetValue(_catalogueFile));
        if (input is null)
        {
            return cataloguePath is null
                ? Workspace(parse, context)
                : throw new UsageException("--catalogue goes with --input; a workspace has its own catalogue (journeylens catalogue import)");
        }

        var catalogue = cataloguePath is null ? TouchpointCatalogue.Empty : ReadCatalogue(cataloguePath);
        var reading = _reading.Read(parse);
        var (read, maxErrors) = ReadingParameters.Read(reading);
        var options = read with { ReceivedAt = context.Clock.GetUtcNow() };
        var file = EventFile.Read(input, options, maxErrors);
        ReportRejections(context, file);
        return EmbeddedBackend.ForFile(file, catalogue, options.TimeZone);
    }

    /// <summary>Nothing is dropped silently: rejected rows are counted by reason on stderr, with the first few in full.</summary>
    public static void ReportRejections(CliContext context, EventFile file)
    {
        if (file.Duplicates > 0)
        {
            context.Error.WriteLine($"note: {file.Duplicates:N0} events of {Path.GetFileName(file.File)} repeat an earlier event_id and are counted once");
        }

        if (file.LinksRefusedAtCap > 0)
        {
            context.Error.WriteLine($"note: {file.LinksRefusedAtCap:N0} identity links were refused at the identifier cap; {file.CappedPersonCount:N0} "
                + $"{(file.CappedPersonCount == 1 ? "person was" : "persons were")} not merged further: {string.Join(", ", file.CappedPersons)}{(file.CappedPersonCount > file.CappedPersons.Count ? ", …" : "")}");
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

}
