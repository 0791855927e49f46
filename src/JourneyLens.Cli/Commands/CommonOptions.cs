using System.CommandLine;
using JourneyLens.Cli.Output;

namespace JourneyLens.Cli.Commands;

/// <summary>Options every command understands: where the workspace is, and how to write the answer.</summary>
public static class CommonOptions
{
    public static readonly Option<string?> Workspace = new("--workspace", "-w")
    {
        Description = $"Workspace folder (default: ${Storage.Workspace.EnvironmentVariable}, else ./{Storage.Workspace.DefaultFolder})",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Format = new("--format", "-f")
    {
        Description = "Output format: table, json or csv (jsonl for export and generate; parquet for export; svg for paths, funnel, process-map, scores, switching, trend and map render; html: the tables and picture as an HTML fragment, a whole page for map render; mermaid for map render)",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static string WorkspaceFolder(ParseResult parse) => Storage.Workspace.ResolveFolder(parse.GetValue(Workspace));
}
