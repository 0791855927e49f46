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
                        Show.Timestamp(r.TimestampMs, s.DisplayZone),
                        string.Join(" ", r.Identifiers.Select(i => $"{i.Type}={i.Value}")),
                        r.Channel,
                        r.Touchpoint,
                        string.Join(" ", r.Properties.Take(4).Select(p => $"{p.Key}={p.Value}")) + (r.Properties.Count > 4 ? " …" : "")]).ToList()));
                if (s.FirstRejections.Count > 0)
                {
                    tables.Add(new DataTable($"Rows that would be quarantined (the first {s.FirstRejections.Count:N0} of {s.Quarantined:N0})", ["line", "field", "reason", "found"],
                        s.FirstRejections.Select(r => (IReadOnlyList<string>)[r.Line.ToString(CultureInfo.InvariantCulture), r.Field, r.Reason, r.Found ?? ""]).ToList())
                    { NumericColumns = new HashSet<int> { 0 } });
                }
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
                rows.Add(Row("filtered", s.Filtered, "left out on purpose: another --lifecycle, or a wide row with no step time or flag set"));
            }

            if (s.IdentityMessages > 0 || s.LinksAdded > 0)
            {
                rows.Add(Row("identity messages", s.IdentityMessages, $"{s.LinksAdded:N0} new identity links"));
            }

            rows.Add(Row("persons in workspace", s.PersonsAfter, s.DryRun ? "after this import" : ""));
            if (s.Refused.AtCap > 0)
            {
                rows.Add(Row("links refused at the cap", s.Refused.AtCap,
                    $"{s.Refused.CappedPersons:N0} {(s.Refused.CappedPersons == 1 ? "person" : "persons")} reached the identifier cap and were not merged further"
                    + $" (`journeylens person NAME` explains): {string.Join(", ", s.Refused.LargestCapped)}{(s.Refused.CappedPersons > s.Refused.LargestCapped.Count ? ", …" : "")}"));
            }

            if (s.Refused.Unique > 0)
            {
                rows.Add(Row("links refused: unique id", s.Refused.Unique, "would give one person two values of a unique identifier (two customer ids, say)"));
            }
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
        refused_links = new { at_cap = s.Refused.AtCap, unique = s.Refused.Unique, capped_persons = s.Refused.CappedPersons, largest_capped = s.Refused.LargestCapped },
        earlier_imports = s.EarlierImports,
        mapping = s.DryRun ? s.Mapping.Select(m => new { source = m.Source, field = m.Target.ToString() }).ToList() : null,
        rejected = s.DryRun ? s.FirstRejections.Select(r => new { line = r.Line, field = r.Field, reason = r.Reason, found = r.Found }).ToList() : null,
        elapsed_seconds = Math.Round(s.Elapsed.TotalSeconds, 3),
        phase_seconds = s.Phases.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3)),
    };

    /// <summary>Field names that columns holding it are often called, to suggest a --map when it is missing.</summary>
    private static readonly (string Reason, string Field, string[] Hints)[] s_missing =
    [
        ("timestamp", "timestamp", ["date", "time", "datum", "tijd", "created", "when", "_at"]),
        ("touchpoint", "touchpoint", ["event", "activity", "action", "step", "page", "touchpoint", "name", "type"]),
        ("identifier", "customer_id", ["id", "customer", "user", "client", "klant", "email", "phone", "account", "session"]),
    ];

    /// <summary>
    /// Why a file gave nothing: its most common reasons, and for a missing field the unmapped columns whose names look
    /// like it (a file of rows that are all quarantined is the user's to fix, never a quiet success).
    /// </summary>
    public static string NothingImported(ImportSummary s)
    {
        var reasons = s.QuarantinedByReason.OrderByDescending(r => r.Value).Take(3).ToList();
        var hints = s_missing.Where(m => reasons.Any(r => r.Key.Contains(m.Reason, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(m => s.Mapping.Where(c => c.Target.Field == Ingest.Mapping.Field.Property && m.Hints.Any(h => c.Source.Contains(h, StringComparison.OrdinalIgnoreCase)))
                .Take(2).Select(c => $"--map {m.Field}={c.Source}"))
            .ToList();
        return $"no row of {Path.GetFileName(s.File)} could be imported ({s.Quarantined:N0} rejected: {string.Join("; ", reasons.Select(r => $"{r.Key} ({r.Value:N0})"))})"
            + (hints.Count > 0 ? $"; columns that may hold what is missing: {string.Join(", ", hints)}" : "")
            + (s.DryRun ? "" : $"; see {s.QuarantineFile}");
    }
}
