using System.CommandLine;

namespace JourneyLens.Web.Hosting;

/// <summary>What one run of a <c>journeylens</c> command printed, and how it ended (0 ok, 1 bad input, 2 bad usage, 3 internal).</summary>
public sealed record CommandOutput(int ExitCode, string Out, string Error)
{
    /// <summary>The error message without the CLI's "error: " prefix and usage hint.</summary>
    public string Message =>
        string.Join(" ", Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Run 'journeylens", StringComparison.Ordinal))
            .Select(l => l.StartsWith("error: ", StringComparison.Ordinal) ? l[7..] : l));
}

/// <summary>
/// The command line, run in process: the API and the pages answer with exactly what <c>journeylens</c> prints, so the
/// JSON contract, the options and their checks are one piece of code for both.
/// </summary>
public interface ICommandLine
{
    RootCommand Root { get; }

    CommandOutput Run(IReadOnlyList<string> args);
}
