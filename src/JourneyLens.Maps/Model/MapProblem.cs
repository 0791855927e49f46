namespace JourneyLens.Maps.Model;

/// <summary>One problem in a map, where it is: every problem is reported, not only the first.</summary>
public sealed record MapProblem(string File, Position At, string Field, string Message)
{
    public override string ToString() => $"{Path.GetFileName(File)}, {At}, {Field}: {Message}";
}

/// <summary>A map that could not be read or is not valid: all its problems.</summary>
public sealed class MapException(IReadOnlyList<MapProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems.Select(p => p.ToString())))
{
    public IReadOnlyList<MapProblem> Problems { get; } = problems;
}
