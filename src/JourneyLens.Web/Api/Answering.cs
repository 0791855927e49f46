using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using JourneyLens.Core.Errors;

namespace JourneyLens.Web.Api;

/// <summary>An analysis answered for a request, or why not: the status, title and message to answer with.</summary>
public sealed record Outcome(Answer? Answer, int Status, string Title, string Detail, string? Parameter = null)
{
    public IResult Problem() =>
        Problems.Of(Status, Title, Detail, Parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = Parameter });
}

/// <summary>
/// Runs an analysis on a backend of the deployment and turns the user's mistakes (typed exceptions) into outcomes
/// the API answers as problem details and the pages as a message. Anything else is not caught: it is a bug.
/// </summary>
public static class Answering
{
    public static Outcome Run(IBackendProvider backends, Analysis analysis, Func<ParameterValues> values) =>
        Guarded(() =>
        {
            var given = values();
            return backends.HasData
                ? new Outcome(analysis.Run(given, backends.Open), StatusCodes.Status200OK, "", "")
                : new Outcome(null, StatusCodes.Status404NotFound, "No data yet", "The workspace has no events: import a file or send events to POST /api/events.");
        });

    /// <summary>The same on a backend the caller holds open (a page that also lists the touchpoints for its form).</summary>
    public static Outcome Run(IAnalysisBackend backend, Analysis analysis, Func<ParameterValues> values) =>
        Guarded(() => new Outcome(analysis.Run(values(), backend), StatusCodes.Status200OK, "", ""));

    private static Outcome Guarded(Func<Outcome> run)
    {
        try
        {
            return run();
        }
        catch (RequestException e)
        {
            return new Outcome(null, StatusCodes.Status400BadRequest, "Bad parameters", e.Message, e.Parameter);
        }
        catch (Exception e) when (e is AnalysisException or InputException)
        {
            return new Outcome(null, StatusCodes.Status400BadRequest, "Cannot answer this", e.Message);
        }
        catch (NotAnsweredException e)
        {
            return new Outcome(null, StatusCodes.Status501NotImplemented, "Not available here", e.Message);
        }
        catch (BackendUnavailableException e)
        {
            return new Outcome(null, StatusCodes.Status503ServiceUnavailable, "The data store is unavailable", e.Message);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 /* BUSY, LOCKED */)
        {
            return new Outcome(null, StatusCodes.Status503ServiceUnavailable, "Busy", "The workspace is busy with an import; try again in a moment.");
        }
    }
}
