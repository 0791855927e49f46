using System.CommandLine;
using JourneyLens.Application.Parameters;

namespace JourneyLens.Cli.Commands;

/// <summary>The options of a list of parameters: <c>--NAME</c> of each one's own type, default and description; and their values back.</summary>
public sealed class ParameterOptions
{
    private readonly IReadOnlyList<(Parameter Parameter, Option Option)> _options;

    public ParameterOptions(IEnumerable<Parameter> parameters)
    {
        Parameters = parameters.ToList();
        _options = Parameters.Select(p => (p, p.Accept(new OptionOf()))).ToList();
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    public void AddTo(Command command)
    {
        foreach (var (_, option) in _options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The values given on the command line (which may name files of this machine); the others keep their defaults.</summary>
    public ParameterValues Read(ParseResult parse, string? argument = null, IReadOnlyList<string>? arguments = null)
    {
        var values = new ParameterValues(Parameters, argument) { LocalFiles = true, Arguments = arguments ?? [], Segments = new(CommonOptions.WorkspaceFolder(parse)) };
        foreach (var (parameter, option) in _options.Where(o => parse.GetResult(o.Option) is { Implicit: false }))
        {
            values.Set(parameter.Name, parameter.Accept(new ValueOf(parse, option)));
        }

        return values;
    }

    private sealed class OptionOf : IParameterVisitor<Option>
    {
        public Option Visit<T>(Parameter<T> parameter)
        {
            var option = new Option<T>("--" + parameter.Name) { Description = parameter.Description, Required = parameter.Required };
            if (parameter.Default is { } value && !typeof(T).IsArray)
            {
                option.DefaultValueFactory = _ => value;
            }

            return option;
        }
    }

    private sealed class ValueOf(ParseResult parse, Option option) : IParameterVisitor<object?>
    {
        public object? Visit<T>(Parameter<T> parameter) => parse.GetValue((Option<T>)option);
    }
}
