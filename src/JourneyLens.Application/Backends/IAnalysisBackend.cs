using JourneyLens.Application.Registry;

namespace JourneyLens.Application.Backends;

/// <summary>
/// The seam between the application and what stores and computes over the events. The front ends know only this:
/// the embedded backend (a SQLite workspace and the in-memory engine) is the first implementation; a cluster can be
/// another. A backend that does not answer a kind of query says so with <see cref="NotAnsweredException"/>.
/// </summary>
public interface IAnalysisBackend : IDisposable
{
    /// <summary>The query answered over its whole selection (its breakdown, if any, is not applied).</summary>
    TResult Answer<TResult>(IQuery<TResult> query);

    /// <summary>The query answered once per group of its selection's breakdown.</summary>
    BreakdownResult<TResult> AnswerPerGroup<TResult>(IQuery<TResult> query);
}

/// <summary>
/// A backend asked for a kind of query it does not answer: a limit of the deployment, not the user's mistake. The
/// message names the analysis in words ("switching", "low points"), or what of it is not answered.
/// </summary>
/// <param name="what">What is not answered when it is part of the query ("the strict funnel order"); else the query's analysis.</param>
public sealed class NotAnsweredException(string backend, Type query, string? what = null)
    : Exception($"the {backend} backend does not answer {what ?? Readable(query)} yet")
{
    /// <summary>A query type's analysis in words: LowPointsQuery → "low points".</summary>
    private static string Readable(Type query) =>
        System.Text.RegularExpressions.Regex.Replace(query.Name.EndsWith("Query", StringComparison.Ordinal) ? query.Name[..^5] : query.Name, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
}


/// <summary>
/// The deployment behind a backend is down, unreachable, refused the credentials or stopped a query at one of its
/// limits: the user can do nothing about the question itself (CLI exit 1; HTTP 503).
/// </summary>
public abstract class BackendUnavailableException(string message) : Core.Errors.UserErrorException(message);
