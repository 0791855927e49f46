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

/// <summary>A backend asked for a kind of query it does not answer: a limit of the deployment, not the user's mistake.</summary>
public sealed class NotAnsweredException(string backend, Type query)
    : Exception($"the {backend} backend does not answer {query.Name} queries");
