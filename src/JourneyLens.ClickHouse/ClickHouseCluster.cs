using System.Globalization;
using System.Text;
using ClickHouse.Driver;
using JourneyLens.Core.Errors;

namespace JourneyLens.ClickHouse;

/// <summary>
/// Where a workspace's events live on ClickHouse: the shards' HTTP addresses (the first one coordinates queries), the
/// cluster name of their <c>remote_servers</c>, and the database. The password comes from an environment variable,
/// never from a file or the command line, and is never printed.
/// </summary>
public sealed record ClickHouseTarget(IReadOnlyList<Uri> Shards, string Cluster, string Database, string User = "default")
{
    public const string PasswordVariable = "JOURNEYLENS_CLICKHOUSE_PASSWORD";

    /// <summary>Names must be plain identifiers: they are written into SQL.</summary>
    public void Check()
    {
        if (Shards.Count == 0 || Shards.Any(s => s.Scheme is not ("http" or "https")))
        {
            throw new InputException("a ClickHouse target needs the http:// address of each shard");
        }

        foreach (var (name, value) in new[] { ("cluster", Cluster), ("database", Database), ("user", User) })
        {
            if (value.Length is 0 or > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new InputException($"ClickHouse {name} '{value}': use letters, digits and _ only");
            }
        }
    }
}

/// <summary>
/// Talks to the cluster over HTTP with the official driver in the shape that works on every server from 18.16 on:
/// statements and results as tab-separated text, inserts as TSV streams (no typed readers, no binary formats, no
/// server-side parameters: numbers are formatted into the SQL, text never is).
/// </summary>
internal sealed class ClickHouseCluster(ClickHouseTarget target) : IDisposable
{
    private readonly ClickHouseClient[] _shards = [.. target.Shards.Select(uri => new ClickHouseClient(ConnectionString(uri, target)))];

    public ClickHouseTarget Target => target;

    /// <summary>The coordinating server: queries and inserts through the Distributed table go here.</summary>
    private ClickHouseClient Coordinator => _shards[0];

    private static string ConnectionString(Uri uri, ClickHouseTarget target)
    {
        var password = Environment.GetEnvironmentVariable(ClickHouseTarget.PasswordVariable) ?? "";
        return $"Host={uri.Host};Port={uri.Port};Protocol={uri.Scheme};Username={target.User};Password={password};JsonReadMode=None;JsonWriteMode=None";
    }

    /// <summary>A statement on one shard, by its place in the target.</summary>
    public void OnShard(int index, string sql) => Run(() => ReadAll(_shards[index], sql, null), target.Shards[index].ToString());

    /// <summary>A statement on every shard (schema: 18.16 has no ON CLUSTER without ZooKeeper).</summary>
    public void OnEveryShard(string sql)
    {
        for (var i = 0; i < _shards.Length; i++)
        {
            var shard = _shards[i];
            Run(() => ReadAll(shard, sql, null), target.Shards[i].ToString());
        }
    }

    /// <summary>A query's rows (TSV, unescaped) from the coordinator.</summary>
    public List<string[]> Rows(string sql)
    {
        return [.. Lines(Run(() => ReadAll(Coordinator, sql + " FORMAT TabSeparated", target.Database)))];
    }

    /// <summary>
    /// A query run on every shard's own tables at once (it names <c>events_local</c>), the rows of all shards together:
    /// a person's events are all on one shard, so per-person and per-journey work runs where the events are and only
    /// the shards' partial aggregates travel (<see cref="ShardRows.Merge"/> adds them up). A subquery over the
    /// Distributed table would instead send every person's arrays to the coordinator to finish the inner GROUP BY.
    /// </summary>
    public List<string[]> OnShards(string sql) => [.. OnShardLines(sql).Select(Fields)];

    /// <summary>Like <see cref="OnShards"/>, for answers of many rows: each row's line as it came (still TSV-escaped), not split into strings per field.</summary>
    public IEnumerable<string> OnShardLines(string sql)
    {
        var answers = _shards.Select((shard, i) => Task.Run(() => Run(() => ReadAll(shard, sql + " FORMAT TabSeparated", target.Database), target.Shards[i].ToString()))).ToArray();
        foreach (var answer in answers)
        {
            using var reader = new StringReader(answer.GetAwaiter().GetResult());
            while (reader.ReadLine() is { } line) // an empty line is a row too: one column holding the empty string
            {
                yield return line;
            }
        }
    }

    /// <summary>Each line of an answer is a row — an empty line too: one column holding the empty string.</summary>
    private static IEnumerable<string[]> Lines(string text) =>
        text.Length == 0 ? [] : (text.EndsWith('\n') ? text[..^1] : text).Split('\n').Select(Fields);

    private static string[] Fields(string line) => [.. line.Split('\t').Select(Unescape)];

    /// <summary>Rows inserted through <paramref name="table"/> (a Distributed table: each row lands on its person's shard before this returns).</summary>
    public void Insert(string table, Stream tsv, IEnumerable<string> columns)
    {
        var options = new QueryOptions { Database = target.Database, CustomSettings = new Dictionary<string, object> { ["insert_distributed_sync"] = 1 } };
        Run(() =>
        {
            using var response = Coordinator.InsertRawStreamAsync(table, tsv, "TabSeparated", columns, useCompression: false, options).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            return "";
        });
    }

    /// <summary>
    /// One row appended to a table of versions kept on the coordinator (the catalogue, saved measurements): its
    /// <c>version</c> one above the highest, then <paramref name="values"/> under <paramref name="columns"/>.
    /// </summary>
    public void AppendVersion(string table, string[] columns, params string[] values)
    {
        var version = long.Parse(Rows($"SELECT max(version) + 1 FROM {target.Database}.{table}")[0][0], CultureInfo.InvariantCulture);
        using var row = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\t', [Number(version), .. values.Select(Escape)]) + "\n"));
        Insert($"{target.Database}.{table}", row, ["version", .. columns]);
    }

    /// <summary>The same rows into <paramref name="table"/> on every shard itself (a table each shard keeps for itself).</summary>
    public void InsertOnEveryShard(string table, byte[] tsv, IEnumerable<string> columns)
    {
        var options = new QueryOptions { Database = target.Database };
        for (var i = 0; i < _shards.Length; i++)
        {
            var shard = _shards[i];
            Run(() =>
            {
                using var rows = new MemoryStream(tsv, writable: false);
                using var response = shard.InsertRawStreamAsync(table, rows, "TabSeparated", columns, useCompression: false, options).GetAwaiter().GetResult();
                response.EnsureSuccessStatusCode();
                return "";
            }, target.Shards[i].ToString());
        }
    }

    private static string ReadAll(ClickHouseClient client, string sql, string? database)
    {
        using var result = client.ExecuteRawResultAsync(sql, database is null ? null : new QueryOptions { Database = database }).GetAwaiter().GetResult();
        return result.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    /// <summary>A cluster that cannot be reached or refuses is the deployment's problem, said plainly — never a stack trace.</summary>
    /// <param name="where">The shard asked, when the call went to one shard itself; otherwise the whole cluster is named.</param>
    private T Run<T>(Func<T> call, string? where = null)
    {
        where ??= string.Join(", ", target.Shards);
        try
        {
            return call();
        }
        catch (global::ClickHouse.Driver.ClickHouseServerException e)
        {
            throw new ClusterException(Refusal(where, e.Message));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new ClusterException($"the ClickHouse cluster at {where} did not answer: {FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// What a server's error means to the user: a limit of the cluster (memory, rows, time) is said as one, with what to
    /// do; anything else is the server's own first line.
    /// </summary>
    public static string Refusal(string shards, string serverMessage)
    {
        var code = System.Text.RegularExpressions.Regex.Match(serverMessage, @"Code: (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        // MEMORY_LIMIT_EXCEEDED, TOO_MANY_ROWS, TIMEOUT_EXCEEDED, TOO_SLOW, TOO_MANY_BYTES, TOO_MANY_ROWS_OR_BYTES
        return code is 241 or 158 or 159 or 160 or 307 or 396
            ? $"the question is too large for the ClickHouse cluster's limits ({FirstLine(serverMessage)}): narrow it (--from/--to, a segment) or raise the limit on the servers"
            : $"the ClickHouse cluster at {shards} refused the query: {FirstLine(serverMessage)}";
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    /// <summary>TSV text as ClickHouse writes it: \t \n \\ and the other backslash escapes.</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 1 < field.Length)
            {
                text.Append(Escaped(field[++i]));
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>The character a backslash escape stands for in ClickHouse's text formats (\t, \n, …; \' and \\ stand for themselves).</summary>
    public static char Escaped(char c) => c switch { 't' => '\t', 'n' => '\n', 'r' => '\r', '0' => '\0', 'b' => '\b', 'f' => '\f', _ => c };

    /// <summary>A value written into a TSV row: backslash, tab and line breaks escaped.</summary>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny("\\\t\n\r\0") < 0 ? value
            : value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\0", "\\0");

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }
}

/// <summary>The cluster is down, unreachable or refused the credentials: a failure of the deployment (CLI exit 1, HTTP 503).</summary>
public sealed class ClusterException(string message) : JourneyLens.Application.Backends.BackendUnavailableException(message);
