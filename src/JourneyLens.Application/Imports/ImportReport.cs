using System.Globalization;
using JourneyLens.Rendering.Tables;
using JourneyLens.Storage.Import;

namespace JourneyLens.Application.Imports;

/// <summary>What an import (or its dry run) says to the user: tables and JSON, the same from the command line and the web.</summary>
public static class ImportReport
{
    /// <summary>The tables of imports (or dry runs): the detected mapping and a sample for a dry run, then the counts.</summary>
    public static IReadOnlyList<DataTable> Tables(IEnumerable<ImportSummary> summaries)
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

        return tables;
    }

    private static IReadOnlyList<string> Row(string label, long count, string detail) => [label, count.ToString("N0", CultureInfo.InvariantCulture), detail];

    /// <summary>What the JSON of an import says.</summary>
    public static object Json(ImportSummary s) => new
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
