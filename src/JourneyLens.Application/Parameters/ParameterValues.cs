namespace JourneyLens.Application.Parameters;

/// <summary>
/// The values of a query's parameters, typed, as a front end read them (CLI options, an HTTP query, a form); a
/// parameter not given has its default. Queries are bound from these in one place per analysis.
/// </summary>
public sealed class ParameterValues
{
    private readonly Dictionary<string, object?> _given = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Parameter> _parameters;

    public ParameterValues(IEnumerable<Parameter> parameters, string? argument = null)
    {
        _parameters = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Argument = argument;
    }

    /// <summary>The positional value (a person, a map id) of analyses that take one.</summary>
    public string? Argument { get; }

    /// <summary>
    /// Whether values may name files of this machine (a map file): true for the command line, false for anything that
    /// arrives over HTTP, where maps are named only by the id they were saved under.
    /// </summary>
    public bool LocalFiles { get; init; }

    /// <summary>The workspace's saved segments, which <c>@name</c> in a filter refers to; null where there is no workspace.</summary>
    public Saved.SavedSegments? Segments { get; init; }

    /// <summary>Further positional values (the maps of the opportunity board).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public void Set(string name, object? value) => _given[Parameter(name).Name] = value;

    public bool IsGiven(string name) => _given.ContainsKey(Parameter(name).Name);

    public T Get<T>(Parameter<T> parameter) => _given.TryGetValue(parameter.Name, out var value) ? (T)value! : parameter.Default;

    private Parameter Parameter(string name) =>
        _parameters.TryGetValue(name, out var p) ? p : throw new InvalidOperationException($"no parameter '{name}' in this query");
}
