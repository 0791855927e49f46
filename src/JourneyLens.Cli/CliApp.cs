using System.CommandLine;
using JourneyLens.Cli.Commands;
using JourneyLens.Core.Analyses;
using JourneyLens.Ingest.Validation;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Cli;

/// <summary>Exit codes of DESIGN §5.</summary>
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
public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Invoke(BuildRoot(new CliContext(stdout, stderr)), args, stdout, stderr);

    /// <summary>
    /// The command tree. Its options are shared static objects that remember every command they are added to, so a
    /// long-running process (the web server) builds it once and reuses it: see <see cref="CommandHost"/>.
    /// </summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("JourneyLens: map, measure and improve customer journeys across every channel.");
        root.Options.Add(CommonOptions.Workspace);
        root.Options.Add(CommonOptions.Format);
        foreach (var command in new Command[]
        {
            DemoCommand.Create(context),
            GenerateCommand.Create(context),
            ImportCommand.Create(context),
            StatsCommand.Create(context),
            CatalogueCommand.Create(context),
            PersonCommand.Create(context),
            ExportCommand.Create(context),
            PathsCommand.Create(context),
            FunnelCommand.Create(context),
            ProcessMiningCommands.ProcessMapCommand(context),
            ProcessMiningCommands.VariantsCommand(context),
            ScoreCommands.ScoresCommand(context),
            ScoreCommands.LowPointsCommand(context),
            SwitchingCommands.SwitchingCommand(context),
            ImportanceCommands.AttributionCommand(context),
            ImportanceCommands.HandoffsCommand(context),
            SwitchingCommands.ConsistencyCommand(context),
            CompareCommand.Create(context),
            MeasureCommand.Create(context),
            MapCommand.Create(context),
            OpportunitiesCommand.Create(context),
            OpportunitiesCommand.PainPointsCommand(context),
            ReportCommand.Create(context),
            KeysCommand.Create(context),
            SurveyCommand.Create(context),
            ServeCommand.Create(context),
        })
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>: exit code 0 ok, 1 bad input, 2 bad usage, 3 internal error.</summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run 'journeylens --help' for usage.");
            return ExitCode.BadUsage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is InputException or UsageException or AnalysisException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return e is UsageException ? ExitCode.BadUsage : ExitCode.BadInput;
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
/// <param name="LocalFiles">
/// False in the web server: the command tree then has no options that read files of the machine (<c>--input</c>),
/// so no request can name one.
/// </param>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool LocalFiles = true);
