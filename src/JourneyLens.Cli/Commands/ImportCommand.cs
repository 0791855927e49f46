using System.CommandLine;
using JourneyLens.Application.Imports;
using JourneyLens.Application.Parameters;
using JourneyLens.Cli.Output;
using JourneyLens.Storage;
using JourneyLens.Storage.Import;
using Spectre.Console;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens import FILE…</c>: each file is one atomic, idempotent import.</summary>
public static class ImportCommand
{
    private static readonly Argument<string[]> Files = new("files") { Description = "CSV, JSONL or XES files (.gz allowed)", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Show the detected mapping, a sample, the rows that would be rejected and a starting recipe; store nothing" };
    private static readonly Option<string?> SaveRecipe = new("--save-recipe") { Description = "With --dry-run: write the starting recipe to this file (then import with --recipe FILE)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("import", "Import events from CSV, JSONL (Segment-style or flat) or XES files into the workspace");
        command.Arguments.Add(Files);
        var reading = new ParameterOptions(ReadingParameters.All);
        reading.AddTo(command);
        command.Options.Add(DryRun);
        command.Options.Add(SaveRecipe);

        command.SetAction(parse => Run(parse, context, reading.Read(parse)));
        return command;
    }

    private static int Run(ParseResult parse, CliContext context, ParameterValues reading)
    {
        var (options, maxErrors) = ReadingParameters.Read(reading);
        var saveRecipe = parse.GetValue(SaveRecipe);
        if (saveRecipe is not null && !parse.GetValue(DryRun))
        {
            throw new UsageException("--save-recipe goes with --dry-run: the recipe is written from what a dry run detects");
        }

        var settings = new ImportSettings { MaxErrors = maxErrors, DryRun = parse.GetValue(DryRun) };
        var render = new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format));
        if (ClickHouse.ClusterWorkspace.Find(CommonOptions.WorkspaceFolder(parse)) is { } cluster)
        {
            return ToCluster(context, render, cluster, CommonOptions.WorkspaceFolder(parse), parse.GetValue(Files)!, options, settings);
        }

        using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: true, context.Clock);
        var importer = new Importer(workspace, context.Engines);
        var summaries = new List<ImportSummary>();
        foreach (var file in parse.GetValue(Files)!)
        {
            var summary = WithProgress(context, Path.GetFileName(file), progress => importer.Import(file, options, settings, progress));
            summaries.Add(summary);
            if (summary.QuarantineFile is not null)
            {
                context.Error.WriteLine($"warning: {summary.Quarantined:N0} rows of {Path.GetFileName(file)} were quarantined; see {summary.QuarantineFile}");
            }
        }

        Write(render, summaries);
        if (settings.DryRun)
        {
            var recipes = summaries.Select(s => StartingRecipe.Yaml(s, options)).ToList();
            if (saveRecipe is not null)
            {
                OutputFile.WriteText(saveRecipe, string.Join("\n", recipes));
                context.Error.WriteLine($"recipe written to {saveRecipe}");
            }
            else if (render.Format is not (OutputFormat.Json or OutputFormat.Jsonl))
            {
                context.Out.WriteLine();
                recipes.ForEach(context.Out.Write);
            }
        }
        var empty = summaries.Where(s => s.Accepted == 0 && s.Duplicates == 0 && s.IdentityMessages == 0 && s.Quarantined > 0).ToList();
        foreach (var s in empty)
        {
            context.Error.WriteLine($"error: {ImportReport.NothingImported(s)}");
        }

        if (summaries.Any(s => !s.DryRun && (s.Accepted > 0 || s.LinksAdded > 0)))
        {
            // Rebuild the engine cache now, so the next command opens the workspace at once.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var engine = context.Engines.Load(workspace);
            context.Error.WriteLine($"engine ready: {engine.Events.EventCount:N0} events in {clock.Elapsed.TotalSeconds:0.0} s");
            // The property columns kept for filters get the new rows now too, so the next filter on them is ready.
            if (Storage.Queries.PropertyColumnStore.ExtendKept(workspace) is { Count: > 0 } properties)
            {
                context.Error.WriteLine($"property columns ready: {string.Join(", ", properties.Select(p => "prop." + p))}");
            }
        }

        return empty.Count > 0 ? ExitCode.BadInput : ExitCode.Ok;
    }

    /// <summary>Each file into the workspace's ClickHouse cluster: read and stitched as an embedded import, then written to the shards.</summary>
    private static int ToCluster(CliContext context, OutputWriter render, ClickHouse.ClickHouseTarget cluster, string folder, string[] files, Ingest.ImportOptions options, ImportSettings settings)
    {
        if (settings.DryRun)
        {
            throw new UsageException("--dry-run reads into an embedded workspace; run it with --workspace pointing at another folder");
        }

        // Nothing dropped silently: the rejected rows by reason, the first ones with file, line and field, and all of
        // them in the folder's quarantine, as for an embedded workspace.
        var quarantine = Workspace.QuarantineFolderOf(folder);
        var summaries = new List<ClickHouse.ClusterImportSummary>();
        foreach (var f in files)
        {
            var summary = ClickHouse.ClickHouseImport.Import(cluster, f, options, file => InputSource.ReportRejections(context, file), quarantine);
            summaries.Add(summary);
            if (summary.QuarantineFile is not null)
            {
                context.Error.WriteLine($"warning: {summary.Quarantined:N0} rows of {Path.GetFileName(f)} were quarantined; see {summary.QuarantineFile}");
            }
        }

        render.Write(summaries, new Rendering.Tables.DataTable($"Import into ClickHouse cluster '{cluster.Cluster}', database '{cluster.Database}'",
            ["file", "imported", "quarantined", "duplicates", "persons", ""],
            summaries.Select(s => (IReadOnlyList<string>)[Path.GetFileName(s.File), Count(s.Accepted), Count(s.Quarantined), Count(s.Duplicates), Count(s.Persons),
                s.AlreadyImported ? "the same file content was imported before: nothing added" : ""]).ToList()));
        return ExitCode.Ok;

        static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A progress bar with events/s on a terminal; silent when stderr is redirected (scripts, CI).</summary>
    private static ImportSummary WithProgress(CliContext context, string name, Func<IProgress<ImportProgress>?, ImportSummary> import)
    {
        if (!ReferenceEquals(context.Error, Console.Error) || Console.IsErrorRedirected)
        {
            return import(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ImportSummary? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(name));
                var started = context.Clock.GetUtcNow();
                result = import(new Progress<ImportProgress>(p =>
                {
                    var rate = p.Records / Math.Max(0.001, (context.Clock.GetUtcNow() - started).TotalSeconds);
                    task.Description = Markup.Escape($"{name}  {p.Records:N0} rows  {rate:N0}/s");
                    if (p.TotalBytes is { } total && total > 0)
                    {
                        task.MaxValue = total;
                        task.Value = Math.Min(total, p.BytesRead);
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }
                }));
                task.StopTask();
            });
        return result!;
    }

    private static void Write(OutputWriter render, List<ImportSummary> summaries) =>
        render.Write(summaries.Count == 1 ? ImportReport.Json(summaries[0]) : summaries.Select(ImportReport.Json).ToList(), [.. ImportReport.Tables(summaries)]);
}
