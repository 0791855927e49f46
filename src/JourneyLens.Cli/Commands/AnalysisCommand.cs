using System.CommandLine;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Registry;
using JourneyLens.Cli.Output;

namespace JourneyLens.Cli.Commands;

/// <summary>
/// The command of an analysis, made from its registry entry: an option per parameter, the positional argument,
/// <c>--input</c> for the analyses over steps, and the answer in the chosen format.
/// </summary>
public static class AnalysisCommand
{
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Write the answer to this file (default: standard output)" };

    public static Command Create(Analysis analysis, CliContext context)
    {
        var command = new Command(analysis.Command[^1], analysis.Description);
        Argument? argument = analysis.Argument switch
        {
            null => null,
            { Many: true } a => new Argument<string[]>(a.Name) { Description = a.Description, Arity = ArgumentArity.ZeroOrMore },
            var a => new Argument<string>(a.Name) { Description = a.Description },
        };
        if (argument is not null)
        {
            command.Arguments.Add(argument);
        }

        var options = new ParameterOptions(analysis.Parameters);
        options.AddTo(command);

        // The analyses over steps can read a file instead of the workspace.
        var input = analysis.TakesBreakdown ? InputSource.AddTo(command) : null;
        command.Options.Add(Out);

        command.SetAction(parse =>
        {
            var values = options.Read(parse, argument is Argument<string> one ? parse.GetValue(one) : null,
                argument is Argument<string[]> many ? parse.GetValue(many) : null);
            var answer = analysis.Run(values, () => input is not null
                ? input.Open(parse, context)
                : InputSource.Workspace(parse, context));
            foreach (var note in answer.Notes)
            {
                context.Error.WriteLine($"note: {note}");
            }

            var format = parse.GetValue(CommonOptions.Format);
            if (parse.GetValue(Out) is { } path)
            {
                OutputFile.Write(path, writer => new OutputWriter(writer, format).Write(answer));
                context.Error.WriteLine($"Wrote {path}");
            }
            else
            {
                new OutputWriter(context.Out, format).Write(answer);
            }

            return ExitCode.Ok;
        });
        return command;
    }
}
