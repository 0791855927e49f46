using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Rendering.Tables;
using JourneyLens.Storage;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens settings [--timezone ZONE]</c>: the workspace's own settings, shown or changed.</summary>
public static class SettingsCommand
{
    private static readonly Option<string?> TimeZone = new("--timezone")
    {
        Description = "The zone the workspace shows times in and reads --from/--to days in, e.g. Europe/Amsterdam (the first import with --timezone sets it)",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("settings", "Show the workspace's settings, or change them: --timezone ZONE");
        command.Options.Add(TimeZone);
        command.SetAction(parse =>
        {
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false, context.Clock);
            if (parse.GetValue(TimeZone) is { } id)
            {
                if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
                {
                    throw new UsageException($"--timezone {id}: unknown time zone; use an IANA name such as UTC or Europe/Amsterdam");
                }

                workspace.SetDisplayZone(zone);
                context.Error.WriteLine($"times are shown, and --from/--to days read, in {zone.Id}");
            }

            var shown = workspace.DisplayZone?.Id;
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(new { workspace = workspace.Folder, timezone = shown ?? "UTC" },
                new DataTable("Workspace settings", ["setting", "value"],
                [
                    ["workspace", workspace.Folder],
                    ["timezone", shown ?? "UTC (none set: journeylens settings --timezone ZONE)"],
                ]));
            return ExitCode.Ok;
        });
        return command;
    }
}
