using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Engine;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;

namespace JourneyLens.Cli.Commands;

/// <summary>Options every command understands.</summary>
public static class CommonOptions
{
    public static readonly Option<string?> Workspace = new("--workspace", "-w")
    {
        Description = $"Workspace folder (default: ${Storage.Workspace.EnvironmentVariable}, else ./{Storage.Workspace.DefaultFolder})",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Format = new("--format", "-f")
    {
        Description = "Output format: table, json or csv (jsonl for export and generate)",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static string WorkspaceFolder(ParseResult parse) => Storage.Workspace.ResolveFolder(parse.GetValue(Workspace));

    /// <summary>Opens the existing workspace and loads its engine with the command's journey gap.</summary>
    public static (Storage.Workspace Workspace, JourneyEngine Engine) OpenEngine(ParseResult parse)
    {
        var workspace = Storage.Workspace.Open(WorkspaceFolder(parse), create: false);
        try
        {
            return (workspace, EngineLoader.Load(workspace, StatsCommand.Gap(parse)));
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }
}
