using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using JourneyLens.Core.Events;
using JourneyLens.Ingest;
using JourneyLens.Ingest.Readers;
using JourneyLens.Storage.Engine;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Loads one file into the workspace in a single transaction: a reader thread parses and validates, this thread
/// writes. Rejected rows go to the quarantine file; duplicates (by event_id or content) are counted, not added.
/// Any failure, a kill, or <c>--max-errors</c> leaves the workspace exactly as it was.
/// </summary>
public sealed class Importer(Workspace workspace, EngineLoader? loader = null)
{
    /// <summary>A lower bound on the bytes of one input row, to size the duplicate set up front (gzip makes it a guess).</summary>
    private const int MinBytesPerRow = 48;

    public ImportSummary Import(string path, ImportOptions options, ImportSettings settings, IProgress<ImportProgress>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var file = Path.GetFullPath(path);
        options = options.ReceivedAt is null ? options with { ReceivedAt = workspace.Clock.GetUtcNow() } : options;
        using var reader = InputFile.Open(file, options);
        var sha = Task.Run(() => Sha256(file), cancel);
        var totalBytes = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? (long?)null : new FileInfo(file).Length;

        var connection = workspace.Connection;
        var displayZone = workspace.DisplayZone;
        using var bulk = new BulkJournal(workspace, totalBytes, settings.MaySwitchJournal);
        using var transaction = connection.BeginTransaction(deferred: false);
        var importId = 1 + (workspace.Scalar<long?>("SELECT max(id) FROM imports", transaction) ?? 0);
        var quarantine = new QuarantineWriter(workspace.QuarantineFolder, QuarantineWriter.NameFor(importId.ToString(System.Globalization.CultureInfo.InvariantCulture), file));
        try
        {
            using var state = new ImportState(workspace, transaction, importId, new FileInfo(file).Length / MinBytesPerRow);
            using var writer = new BatchWriter(connection, transaction, importId);
            var reading = new ReadSide(reader, state, quarantine, settings);
            foreach (var batch in reading.Batches(cancel))
            {
                writer.Write(batch);
                progress?.Report(new ImportProgress(batch.Records, batch.BytesRead, totalBytes));
            }

            writer.Flush();
            var rowsDone = clock.Elapsed;
            var hash = sha.GetAwaiter().GetResult();
            var earlier = EarlierImports(hash, transaction);
            state.Identifiers.Flush();
            var changed = state.Accepted > 0 || state.Identifiers.LinksAdded > 0 || state.Identifiers.NewIdentifiers > 0;
            var identifiersDone = clock.Elapsed;
            IReadOnlySet<long>? revisited = null;
            if (changed)
            {
                revisited = PersonStitcher.Update(connection, transaction, options.IdentityRules, state.Identifiers.Touched);
            }

            // Persons with at least one event, as stats and the overview count them: an identity message alone
            // (a visitor's identify without events) makes nobody a customer with a journey.
            var persons = workspace.Scalar<long>("SELECT count(*) FROM persons WHERE with_events = 1", transaction);
            var refused = Refused(transaction);
            var stitchingDone = clock.Elapsed;
            var summary = new ImportSummary
            {
                File = file,
                Format = reader.Format.ToString().ToLowerInvariant(),
                ImportId = settings.DryRun ? null : importId,
                DryRun = settings.DryRun,
                Accepted = state.Accepted,
                IdentityMessages = state.IdentityMessages,
                LinksAdded = state.Identifiers.LinksAdded,
                Duplicates = state.Duplicates,
                Quarantined = reading.Quarantined,
                Filtered = reading.Filtered,
                QuarantinedByReason = reading.QuarantinedByReason,
                EarlierImports = earlier,
                Mapping = reader.DetectedMapping,
                Delimiter = reader.Delimiter,
                Sample = reading.Sample,
                FirstRejections = reading.FirstRejections,
                PersonsAfter = persons,
                Refused = refused,
                QuarantineFile = quarantine.HasRows && !settings.DryRun ? quarantine.FinalPath : null,
                DisplayZone = displayZone ?? options.TimeZone,
            };

            if (settings.DryRun)
            {
                transaction.Rollback();
                quarantine.Discard();
                return summary with { Elapsed = clock.Elapsed };
            }
            RecordImport(transaction, summary, importId, hash, options, clock);
            if (options.TimeZone is { } zone && displayZone is null && state.Accepted > 0)
            {
                workspace.SetDisplayZone(zone, transaction); // the zone the data was written in shows it on its own dates
            }

            var beforeCommit = clock.Elapsed;
            if (changed)
            {
                using var bump = Command(transaction, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'");
                bump.ExecuteNonQuery();
            }

            var stampAfter = workspace.StampIn(transaction); // ours, not that of an import committed after this one
            var engines = loader ?? new EngineLoader();
            var table = changed ? engines.Updated(workspace, transaction, state.Stamp, revisited) : null;
            var engineDone = clock.Elapsed;
            engines.Commit(workspace, transaction, stampAfter, table);
            quarantine.Commit();
            if (changed)
            {
                DedupeKeyFile.Write(workspace, stampAfter, state.StoredKeys, state.AddedKeys);
            }

            return summary with
            {
                Elapsed = clock.Elapsed,
                StitchedEverything = changed && revisited is null,
                Phases = new Dictionary<string, double>
                {
                    ["read_and_write_events"] = rowsDone.TotalSeconds,
                    ["write_identifiers"] = (identifiersDone - rowsDone).TotalSeconds,
                    ["stitch_persons"] = (stitchingDone - identifiersDone).TotalSeconds,
                    ["update_engine"] = (engineDone - beforeCommit).TotalSeconds,
                    ["commit"] = (clock.Elapsed - engineDone).TotalSeconds,
                },
            };
        }
        catch
        {
            quarantine.Discard();
            throw;
        }
    }

    private List<EarlierImport> EarlierImports(string sha256, SqliteTransaction transaction)
    {
        using var cmd = Command(transaction, "SELECT id, file, finished_utc FROM imports WHERE sha256 = $sha ORDER BY id");
        cmd.Parameters.AddWithValue("$sha", sha256);
        using var r = cmd.ExecuteReader();
        var list = new List<EarlierImport>();
        while (r.Read())
        {
            list.Add(new EarlierImport(r.GetInt64(0), r.GetString(1), r.GetString(2)));
        }

        return list;
    }

    /// <summary>The links stitching refuses in the workspace as it now stands, and the largest capped persons by name.</summary>
    private RefusedLinks Refused(SqliteTransaction transaction)
    {
        long Count(string sql) => workspace.Scalar<long>(sql, transaction);
        var atCap = Count($"SELECT count(*) FROM link_decisions WHERE decision = {(int)Core.Identity.LinkDecision.RefusedCap}");
        var unique = Count($"SELECT count(*) FROM link_decisions WHERE decision = {(int)Core.Identity.LinkDecision.RefusedUnique}");
        if (atCap == 0)
        {
            return new RefusedLinks(0, unique, 0, []);
        }

        using var cmd = workspace.Connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = """
            SELECT i.type || ':' || i.value, p.identifier_count FROM persons p JOIN identifiers i ON i.id = p.key_identifier_id
            WHERE p.capped = 1 ORDER BY p.identifier_count DESC, p.id LIMIT 10
            """;
        var names = new List<string>();
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add($"{reader.GetString(0)} ({reader.GetInt64(1):N0} identifiers)");
            }
        }

        return new RefusedLinks(atCap, unique, Count("SELECT count(*) FROM persons WHERE capped = 1"), names);
    }

    private void RecordImport(SqliteTransaction transaction, ImportSummary s, long importId, string sha256, ImportOptions options, Stopwatch clock)
    {
        using var cmd = Command(transaction, """
            INSERT INTO imports (id, file, sha256, format, started_utc, finished_utc, options, accepted, identity_messages, duplicates, quarantined, filtered, quarantine_file)
            VALUES ($id, $file, $sha, $format, $started, $finished, $options, $accepted, $identity, $duplicates, $quarantined, $filtered, $qfile)
            """);
        var now = workspace.Clock.GetUtcNow();
        cmd.Parameters.AddWithValue("$id", importId);
        cmd.Parameters.AddWithValue("$file", s.File);
        cmd.Parameters.AddWithValue("$sha", sha256);
        cmd.Parameters.AddWithValue("$format", s.Format);
        cmd.Parameters.AddWithValue("$started", (now - clock.Elapsed).ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$finished", now.ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$options", JsonSerializer.Serialize(new
        {
            map = options.Map,
            delimiter = options.Delimiter?.ToString(),
            encoding = options.Encoding?.WebName,
            timestamp_format = options.TimestampFormat,
            timezone = options.TimeZone?.Id,
            lifecycle = options.Lifecycle,
            default_channel = options.DefaultChannel,
        }));
        cmd.Parameters.AddWithValue("$accepted", s.Accepted);
        cmd.Parameters.AddWithValue("$identity", s.IdentityMessages);
        cmd.Parameters.AddWithValue("$duplicates", s.Duplicates);
        cmd.Parameters.AddWithValue("$quarantined", s.Quarantined);
        cmd.Parameters.AddWithValue("$filtered", s.Filtered);
        cmd.Parameters.AddWithValue("$qfile", (object?)s.QuarantineFile ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    private static string Sha256(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var cmd = workspace.Connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return cmd;
    }
}
