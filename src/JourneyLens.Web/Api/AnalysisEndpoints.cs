using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace JourneyLens.Web.Api;

/// <summary>
/// <c>GET /api/{analysis}</c>: the JSON that <c>journeylens {analysis} --format json</c> prints, from the same code.
/// Bad options answer 400 with the command's own message, a missing workspace 404, anything else 500.
/// </summary>
public static class AnalysisEndpoints
{
    public static void Map(IEndpointRouteBuilder app, WebSettings settings)
    {
        foreach (var analysis in Analyses.All)
        {
            var command = CommandRequest.Find(settings.Commands.Root, analysis);
            app.MapGet(analysis.Route, (HttpContext context) => Run(context, settings, analysis))
                .RequireAuthorization(Access.Read)
                .WithName(analysis.Slug)
                .WithTags("Analyses")
                .WithSummary(analysis.Summary)
                .WithDescription($"Same JSON as `journeylens {string.Join(' ', analysis.Command)}{(analysis.Argument is null ? "" : $" {analysis.Argument.ToUpperInvariant()}")} --format json`; every query parameter is the command option of the same name (repeat it for options that repeat).")
                .Produces(StatusCodes.Status200OK, contentType: "application/json")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .AddOpenApiOperationTransformer((operation, _, _) =>
                {
                    operation.Parameters ??= [];
                    foreach (var option in CommandRequest.Options(command))
                    {
                        operation.Parameters.Add(new OpenApiParameter
                        {
                            Name = option.Name.TrimStart('-'),
                            In = ParameterLocation.Query,
                            Description = option.Description,
                            Required = option.Required,
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        });
                    }

                    return Task.CompletedTask;
                });
        }
    }

    private static IResult Run(HttpContext context, WebSettings settings, Analysis analysis)
    {
        var argument = analysis.Argument is null ? null : context.Request.RouteValues[analysis.Argument]?.ToString();
        var outcome = Execute(context.Request.Query, settings, analysis, argument, "json");
        return outcome.Output is { } json ? Results.Text(json, "application/json") : Problems.Of(outcome.Status, outcome.Title, outcome.Detail);
    }

    /// <summary>What running an analysis for a request gave: its output, or the status and message to answer with.</summary>
    public sealed record Outcome(string? Output, int Status, string Title, string Detail);

    public static Outcome Execute(IQueryCollection query, WebSettings settings, Analysis analysis, string? argument, string format)
    {
        var (args, error) = CommandRequest.Build(settings.Commands.Root, analysis, query, argument, settings.Workspace, format);
        if (args is null)
        {
            return new Outcome(null, StatusCodes.Status400BadRequest, "Bad parameters", error!);
        }

        if (!Storage.Workspace.Exists(settings.Workspace))
        {
            return new Outcome(null, StatusCodes.Status404NotFound, "No data yet", "The workspace has no events: import a file or send events to POST /api/events.");
        }

        var run = settings.Commands.Run(args);
        return run.ExitCode switch
        {
            0 => new Outcome(run.Out, StatusCodes.Status200OK, "", ""),
            1 or 2 => new Outcome(null, StatusCodes.Status400BadRequest, "Cannot answer this", run.Message),
            _ => new Outcome(null, StatusCodes.Status500InternalServerError, "Internal error", run.Message),
        };
    }
}
