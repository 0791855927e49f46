using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace JourneyLens.Web.Security;

/// <summary>Errors as RFC 9457 problem details (application/problem+json), written directly where no endpoint runs.</summary>
public static class Problems
{
    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);

    public static IResult Of(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = extensions ?? new Dictionary<string, object?>() });
}
