using System.CommandLine;
using System.Text;
using JourneyLens.Web.Hosting;

namespace JourneyLens.Cli.Hosting;

/// <summary>
/// The command line for the web server: one command tree for the life of the process (its shared options would
/// otherwise grow with every request), with each run's output routed to that run's own writers.
/// </summary>
public sealed class CommandHost : ICommandLine
{
    private static readonly AsyncLocal<(TextWriter Out, TextWriter Error)?> s_current = new();

    public CommandHost() => Root = CliApp.BuildRoot(new CliContext(new RoutedWriter(error: false), new RoutedWriter(error: true), LocalFiles: false));

    public RootCommand Root { get; }

    public CommandOutput Run(IReadOnlyList<string> args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        s_current.Value = (stdout, stderr);
        try
        {
            var code = CliApp.Invoke(Root, [.. args], stdout, stderr);
            return new CommandOutput(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            s_current.Value = null;
        }
    }

    /// <summary>Writes to the current run's writer; outside a run (never expected) to nowhere.</summary>
    private sealed class RoutedWriter(bool error) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        private TextWriter Target => s_current.Value is { } w ? (error ? w.Error : w.Out) : Null;

        public override void Write(char value) => Target.Write(value);

        public override void Write(string? value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void WriteLine(string? value) => Target.WriteLine(value);
    }
}
