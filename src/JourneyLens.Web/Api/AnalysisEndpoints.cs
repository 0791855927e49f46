using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace JourneyLens.Web.Api;

/// <summary>
/// <c>GET /api/{analysis}</c> for every analysis of the registry: the JSON that <c>journeylens {analysis} --format json</c>
/// prints, from the same application code. Bad parameters answer 400 naming the parameter, a workspace without data
/// 404, a busy workspace 503; anything else is the server's fault (500).
/// </summary>
public static class AnalysisEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var analysis in AnalysisRegistry.All)
        {
            app.MapGet(Route(analysis), (HttpContext context, IBackendProvider backends) => Run(context, backends, analysis))
                .RequireAuthorization(Access.Read)
                .WithName(analysis.Name)
                .WithTags("Analyses")
                .WithSummary(analysis.Summary)
                .WithDescription($"Same JSON as `journeylens {string.Join(' ', analysis.Command)}{(analysis.Argument is null ? "" : $" {analysis.Argument.Name.ToUpperInvariant()}")} --format json`; every query parameter is the command option of the same name (repeat it for options that repeat).")
                .Produces(StatusCodes.Status200OK, contentType: "application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .AddOpenApiOperationTransformer((operation, _, _) =>
                {
                    operation.Parameters ??= [];
                    if (analysis.Argument is { Many: false } argument)
                    {
                        operation.Parameters.Add(OpenApiParameters.Path(argument));
                    }

                    foreach (var parameter in analysis.Parameters)
                    {
                        operation.Parameters.Add(OpenApiParameters.Query(parameter));
                    }

                    return Task.CompletedTask;
                });
        }
    }

    /// <summary>
    /// <c>/api/{name}</c>, with a single positional argument (a person, a map) as the last segment of the path; an
    /// analysis that takes any number of maps takes every saved map over HTTP.
    /// </summary>
    public static string Route(Analysis analysis) => analysis.Argument is { Many: false } argument ? $"/api/{analysis.Name}/{{{argument.Name}}}" : $"/api/{analysis.Name}";

    private static IResult Run(HttpContext context, IBackendProvider backends, Analysis analysis)
    {
        var argument = analysis.Argument is { Many: false } a ? context.Request.RouteValues[a.Name]?.ToString() : null;
        var outcome = Answering.Run(backends, analysis, () => QueryValues.Read(analysis, context.Request.Query, argument, backends.Segments));
        return outcome.Answer is { } answer
            ? Results.Text(ResultJson.Serialize(answer.Result) + "\n", "application/json")
            : outcome.Problem();
    }
}
