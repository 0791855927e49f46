using System.CommandLine;
using JourneyLens.ClickHouse;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens cluster connect</c>: point a workspace at a ClickHouse cluster (docs/scale-out.md).</summary>
public static class ClusterCommand
{
    private static readonly Option<string[]> Shards = new("--shard") { Description = "HTTP address of a shard, e.g. http://ch1:8123 (repeat; the first coordinates queries)", Required = true };
    private static readonly Option<string> Cluster = new("--cluster") { Description = "The cluster's name in the servers' remote_servers", Required = true };
    private static readonly Option<string> Database = new("--database") { Description = "The database for this workspace's tables (created if missing)", Required = true };
    private static readonly Option<string> User = new("--user") { Description = "ClickHouse user (default: default); the password is read from $" + ClickHouseTarget.PasswordVariable, DefaultValueFactory = _ => "default" };

    public static Command Create(CliContext context)
    {
        var connect = new Command("connect", "Point the workspace at a ClickHouse cluster: creates the tables there; import and the analyses the cluster answers then use it (docs/scale-out.md)");
        connect.Options.Add(Shards);
        connect.Options.Add(Cluster);
        connect.Options.Add(Database);
        connect.Options.Add(User);
        connect.SetAction(parse =>
        {
            var shards = parse.GetValue(Shards)!.Select(s => Uri.TryCreate(s, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"--shard {s}: expected an address such as http://ch1:8123")).ToList();
            var target = new ClickHouseTarget(shards, parse.GetValue(Cluster)!, parse.GetValue(Database)!, parse.GetValue(User)!);
            var folder = CommonOptions.WorkspaceFolder(parse);
            ClusterWorkspace.Connect(folder, target);
            context.Error.WriteLine($"workspace {folder} now uses ClickHouse cluster '{target.Cluster}', database '{target.Database}' ({shards.Count} shards)");
            return ExitCode.Ok;
        });
        return new Command("cluster", "Run the workspace on a ClickHouse cluster") { connect };
    }
}
