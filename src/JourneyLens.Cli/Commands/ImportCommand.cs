using System.CommandLine;
using System.Globalization;
using System.Text;
using JourneyLens.Cli.Output;
using JourneyLens.Ingest;
using JourneyLens.Storage;
using JourneyLens.Storage.Import;
using Spectre.Console;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens import FILE…</c>: each file is one atomic, idempotent import.</summary>
public static class ImportCommand
{
    private static readonly Argument<string[]> Files = new("files") { Description = "CSV, JSONL or XES files (.gz allowed)", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Show the detected mapping, a sample and what would be imported; store nothing" };

    public static Command Create(CliContext context)
    {
        var command = new Command("import", "Import events from CSV, JSONL (Segment-style or flat) or XES files into the workspace");
        command.Arguments.Add(Files);
        foreach (var option in ReadingOptions.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(DryRun);

        command.SetAction(parse => Run(parse, context));
        return command;
    }

    private static int Run(ParseResult parse, CliContext context)
    {
        var options = ReadingOptions.Parse(parse);
        var settings = new ImportSettings { MaxErrors = parse.GetValue(ReadingOptions.MaxErrors), DryRun = parse.GetValue(DryRun) };
        var render = new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format));
        using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: true);
        var importer = new Importer(workspace);
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
        if (summaries.Any(s => !s.DryRun && (s.Accepted > 0 || s.LinksAdded > 0)))
        {
            // Rebuild the engine cache now, so the next command opens the workspace at once.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var engine = Storage.Engine.EngineLoader.Load(workspace);
            context.Error.WriteLine($"engine ready: {engine.Events.EventCount:N0} events in {clock.Elapsed.TotalSeconds:0.0} s");
        }

        return ExitCode.Ok;
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
                var started = DateTime.UtcNow;
                result = import(new Progress<ImportProgress>(p =>
                {
                    var rate = p.Records / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
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

    private static void Write(OutputWriter render, List<ImportSummary> summaries)
    {
        var tables = new List<DataTable>();
        foreach (var s in summaries)
        {
            if (s.DryRun)
            {
                tables.Add(new DataTable($"Detected mapping of {Path.GetFileName(s.File)}", ["source", "field"],
                    s.Mapping.Select(m => (IReadOnlyList<string>)[m.Source, m.Target.ToString()]).ToList()));
                tables.Add(new DataTable("Sample of accepted records", ["timestamp", "identifiers", "channel", "touchpoint", "properties"],
                    s.Sample.Select(r => (IReadOnlyList<string>)[
                        Show.Timestamp(r.TimestampMs),
                        string.Join(" ", r.Identifiers.Select(i => $"{i.Type}={i.Value}")),
                        r.Channel,
                        r.Touchpoint,
                        string.Join(" ", r.Properties.Take(4).Select(p => $"{p.Key}={p.Value}")) + (r.Properties.Count > 4 ? " …" : "")]).ToList()));
            }

            var rows = new List<IReadOnlyList<string>>
            {
                Row(s.DryRun ? "would import" : "imported", s.Accepted, "events"),
                Row("duplicates", s.Duplicates, "already in the workspace or repeated event_id; not added"),
                Row("quarantined", s.Quarantined, s.QuarantineFile ?? (s.Quarantined > 0 ? "(dry run: not written)" : "")),
            };
            rows.AddRange(s.QuarantinedByReason.OrderByDescending(kv => kv.Value).Select(kv => Row("  " + kv.Key, kv.Value, "")));
            if (s.Filtered > 0)
            {
                rows.Add(Row("filtered", s.Filtered, "left out by --lifecycle"));
            }

            if (s.IdentityMessages > 0 || s.LinksAdded > 0)
            {
                rows.Add(Row("identity messages", s.IdentityMessages, $"{s.LinksAdded:N0} new identity links"));
            }

            rows.Add(Row("persons in workspace", s.PersonsAfter, s.DryRun ? "after this import" : ""));
            foreach (var earlier in s.EarlierImports)
            {
                rows.Add(["note", "", $"the same file content was imported before (import #{earlier.Id}, {earlier.FinishedUtc})"]);
            }

            rows.Add(["time", s.Elapsed.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture), $"{s.EventsPerSecond:N0} rows/s"]);
            tables.Add(new DataTable($"{(s.DryRun ? "Dry run of" : "Import of")} {Path.GetFileName(s.File)} ({s.Format})", ["", "count", "detail"], rows) { NumericColumns = new HashSet<int> { 1 } });
        }

        render.Write(summaries.Count == 1 ? ImportJson(summaries[0]) : summaries.Select(ImportJson).ToList(), [.. tables]);
    }

    private static IReadOnlyList<string> Row(string label, long count, string detail) => [label, count.ToString("N0", CultureInfo.InvariantCulture), detail];

    private static object ImportJson(ImportSummary s) => new
    {
        s.File,
        s.Format,
        s.ImportId,
        s.DryRun,
        s.Accepted,
        s.Duplicates,
        s.Quarantined,
        quarantined_by_reason = s.QuarantinedByReason,
        s.QuarantineFile,
        s.Filtered,
        s.IdentityMessages,
        s.LinksAdded,
        s.PersonsAfter,
        earlier_imports = s.EarlierImports,
        mapping = s.DryRun ? s.Mapping.Select(m => new { source = m.Source, field = m.Target.ToString() }).ToList() : null,
        elapsed_seconds = Math.Round(s.Elapsed.TotalSeconds, 3),
        phase_seconds = s.Phases.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3)),
    };
}
