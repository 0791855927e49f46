namespace JourneyLens.Core.Errors;

/// <summary>
/// A problem with the user's input that stops the whole import (an unreadable file, a missing required column,
/// naive timestamps without --timezone). The CLI prints the message, never a stack trace, and exits with 1.
/// </summary>
public sealed class InputException(string message, string? file = null, long? line = null, string? field = null)
    : UserErrorException(Format(message, file, line, field))
{
    public string? File { get; } = file;
    public long? Line { get; } = line;
    public string? Field { get; } = field;

    private static string Format(string message, string? file, long? line, string? field)
    {
        var where = string.Join(", ", new[]
        {
            file is null ? null : Path.GetFileName(file),
            line is null ? null : $"line {line}",
            field is null ? null : $"field '{field}'",
        }.Where(s => s is not null));
        return where.Length == 0 ? message : $"{where}: {message}";
    }
}
