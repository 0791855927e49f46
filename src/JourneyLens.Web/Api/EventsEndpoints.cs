using JourneyLens.Storage;
using JourneyLens.Storage.Inbox;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JourneyLens.Web.Api;

/// <summary><c>POST /api/events</c> (Segment-style batches) and <c>GET /api/events/status</c>.</summary>
public static class EventsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events", Receive)
            .RequireAuthorization(Access.Ingest)
            .WithName("SendEvents")
            .WithSummary("Send a batch of events: Segment-style track / page / screen / identify / alias messages, or flat events")
            .WithDescription("The body is {\"batch\": [...]}, an array of messages or one message (at most 1 MB and 2,000 messages). The batch is checked as an import would check it and taken whole (202) or refused whole (400, every bad message named). Messages are imported within about a second; event_id (or messageId) makes sending a batch again harmless.")
            .Accepts<object>("application/json")
            .Produces<BatchAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        app.MapGet("/api/events/status", (WebSettings settings, InboxImporter importer) =>
            {
                using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
                var (batches, messages, oldest) = EventInbox.Waiting(workspace);
                var lag = oldest is { } at ? Math.Max(0, (settings.Clock.GetUtcNow() - at).TotalSeconds) : 0;
                return Results.Ok(new InboxStatus(batches, messages, Math.Round(lag, 3), importer.Received, importer.Imported, importer.Last));
            })
            .RequireAuthorization(Access.Ingest)
            .WithName("EventsStatus")
            .WithSummary("Batches received and waiting to be imported, the ingestion lag (how long the oldest has waited), messages received and imported since the server started, and what the last import did");
    }

    public sealed record BatchAccepted(long Batch, int Messages);

    /// <param name="LagSeconds">How long the oldest waiting batch has waited: 0 when the inbox is empty.</param>
    public sealed record InboxStatus(int WaitingBatches, long WaitingMessages, double LagSeconds, long ReceivedMessages, long ImportedMessages, InboxRound? LastImport);

    private static async Task<IResult> Receive(HttpContext context, WebSettings settings, InboxImporter importer)
    {
        var body = await RequestBody.ReadAsync(context.Request, settings.MaxBatchBytes, context.RequestAborted);
        if (body is null)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Batch too large", $"A batch may be at most {settings.MaxBatchBytes:N0} bytes; send it in smaller batches.");
        }

        var batch = EventBatch.Parse(body.Value, settings.MaxBatchMessages, settings.Clock.GetUtcNow(), out var errors);
        if (batch is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Batch refused", $"{errors.Count} problem(s); nothing of this batch was taken.",
                new Dictionary<string, object?> { ["errors"] = errors });
        }

        using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
        // Back-pressure: a full inbox asks senders to wait rather than growing without bound.
        var (_, waiting, _) = EventInbox.Waiting(workspace);
        if (waiting + batch.Messages > settings.MaxWaitingMessages)
        {
            var seconds = importer.SecondsToImport(waiting);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Of(StatusCodes.Status429TooManyRequests, "Inbox full",
                $"{waiting:N0} messages wait to be imported (at most {settings.MaxWaitingMessages:N0}); nothing of this batch was taken. Send it again in {seconds} s.");
        }

        // Committed (one INSERT) before the 202: an acknowledged batch survives a crash and is imported after a restart.
        var id = EventInbox.Append(workspace, batch.Messages, batch.Jsonl);
        importer.Receive(batch.Messages);
        return Results.Accepted("/api/events/status", new BatchAccepted(id, batch.Messages));
    }
}
