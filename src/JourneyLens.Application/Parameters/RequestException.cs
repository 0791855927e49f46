using JourneyLens.Core.Errors;

namespace JourneyLens.Application.Parameters;

/// <summary>
/// A parameter of a query that cannot be used as given (out of range, malformed, missing, in conflict with another):
/// the user's mistake. The CLI answers with exit code 2, HTTP with 400 naming <see cref="Parameter"/>.
/// </summary>
public sealed class RequestException(string message, string? parameter = null) : Core.Errors.UserErrorException(message)
{
    /// <summary>The parameter at fault (its name without dashes), when one is.</summary>
    public string? Parameter { get; } = parameter;
}
