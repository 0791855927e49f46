using System.CommandLine;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Cli.Commands;
using JourneyLens.Storage.Engine;
using Microsoft.Data.Sqlite;
using JourneyLens.Core.Errors;

namespace JourneyLens.Cli;

/// <summary>The exit codes README.md lists.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int BadUsage = 2;
    public const int InternalError = 3;
}

/// <summary>
/// The <c>journeylens</c> command line. User errors (bad input, bad usage) print one clear message and no stack
/// trace; only an internal error prints details, and only with JOURNEYLENS_DEBUG=1.
/// </summary>
public static partial class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, new CliContext(stdout, stderr));

    /// <summary>Runs with a context of the caller's: its writers, its clock.</summary>
    public static int Run(string[] args, CliContext context) => Invoke(BuildRoot(context), args, context.Out, context.Error);

    /// <summary>The command tree: the analyses' commands are made from the registry.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("JourneyLens: map, measure and improve customer journeys across every channel.");
        root.Options.Add(CommonOptions.Workspace);
        root.Options.Add(CommonOptions.Format);
        foreach (var command in (Command[])
        [
            DemoCommand.Create(context),
            GenerateCommand.Create(context),
            ImportCommand.Create(context),
            .. AnalysisRegistry.All.Where(a => a.Command.Count == 1).Select(a => AnalysisCommand.Create(a, context)),
            CatalogueCommand.Create(context),
            ExportCommand.Create(context),
            MeasureCommand.Create(context),
            MapCommand.Create(context),
            ReportCommand.Create(context),
            KeysCommand.Create(context),
            SettingsCommand.Create(context),
            SegmentCommand.Create(context),
            PersonaCommand.Create(context),
            ClusterCommand.Create(context),
            SurveyCommand.Create(context),
            ServeCommand.Create(context),
        ])
        {
            root.Subcommands.Add(command);
        }

        // painpoints persons: the customers behind one pain point, under the painpoints command.
        root.Subcommands.First(c => c.Name == Application.Analyses.MapAnalyses.PainPersons.Command[0]).Subcommands.Add(AnalysisCommand.Create(Application.Analyses.MapAnalyses.PainPersons, context));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>: exit code 0 ok, 1 bad input, 2 bad usage, 3 internal error.</summary>
    /// <summary>The parser's messages name .NET types ("expected type 'System.Int32'"): say what a person types instead.</summary>
    private static string InWords(string message) => message
        .Replace("as expected type 'System.Int32'", "as a whole number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Int64'", "as a whole number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Double'", "as a number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Boolean'", "as true or false", StringComparison.Ordinal)
        .Replace("as expected type 'System.Nullable`1[System.Int32]'", "as a whole number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Nullable`1[System.Double]'", "as a number", StringComparison.Ordinal)
        is var said && said.Contains("as expected type '", StringComparison.Ordinal) ? TypeName().Replace(said, "") : said;

    [System.Text.RegularExpressions.GeneratedRegex(@" as expected type '[^']*'")]
    private static partial System.Text.RegularExpressions.Regex TypeName();

    public static int Invoke(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        // No response files: "@name" is a saved segment (--segment @family), not a file of further arguments.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"error: {InWords(error.Message)}");
            }

            stderr.WriteLine("Run 'journeylens --help' for usage.");
            return ExitCode.BadUsage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UserErrorException or UsageException or NotAnsweredException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return e is UsageException or RequestException ? ExitCode.BadUsage : ExitCode.BadInput;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 /* BUSY, LOCKED */)
        {
            stderr.WriteLine("error: the workspace is busy (another import is running); try again when it has finished");
            return ExitCode.BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("JOURNEYLENS_DEBUG") == "1")
            {
                stderr.WriteLine(e.ToString());
            }
            else
            {
                stderr.WriteLine("This is a bug in JourneyLens; run again with JOURNEYLENS_DEBUG=1 for details and report it.");
            }

            return ExitCode.InternalError;
        }
    }
}

/// <summary>A usage mistake found after parsing (e.g. a malformed --map): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Where a command writes: the real console, or a test's writers.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>This process's engine loader (one-shot: it keeps nothing in memory between commands).</summary>
    public EngineLoader Engines { get; init; } = new();

    /// <summary>What "now" is (a measurement's date, a report's); a fixed clock in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
