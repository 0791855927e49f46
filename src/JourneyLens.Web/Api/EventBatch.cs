using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyLens.Ingest;
using JourneyLens.Ingest.Readers;
using JourneyLens.Core.Errors;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Web.Api;

/// <summary>One message of a batch that cannot be imported: its position, the field and why.</summary>
public sealed record BatchError(int Index, string Field, string Reason, string? Found);

/// <summary>
/// A batch of Segment-style messages (<c>{"batch": [...]}</c>, a bare array, or one message) made into the JSON lines
/// the importer reads, and checked by the importer's own reader: a batch is taken whole or refused whole.
/// </summary>
public sealed class EventBatch
{
    private EventBatch(int messages, string jsonl)
    {
        Messages = messages;
        Jsonl = jsonl;
    }

    public int Messages { get; }
    public string Jsonl { get; }

    /// <summary>The batch, or the reasons it is refused (<paramref name="errors"/> non-empty).</summary>
    public static EventBatch? Parse(ReadOnlyMemory<byte> body, int maxMessages, DateTimeOffset received, out IReadOnlyList<BatchError> errors)
    {
        try
        {
            return ParseChecked(body, maxMessages, received, out errors);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // JSON nodes read their names and texts lazily: a lone surrogate escape or a name given twice in one object
            // is valid syntax that only fails when read. Such a batch is the sender's to fix.
            errors = [new BatchError(-1, "body", Unreadable(e), null)];
            return null;
        }
    }

    private static string Unreadable(Exception e) => e is ArgumentException
        ? "an object gives the same name twice"
        : "text that is not valid Unicode (a lone surrogate escape such as \\ud800)";

    private static EventBatch? ParseChecked(ReadOnlyMemory<byte> body, int maxMessages, DateTimeOffset received, out IReadOnlyList<BatchError> errors)
    {
        if (System.Text.Unicode.Utf8.ToUtf16(body.Span, new char[body.Length], out var valid, out _, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            // Stored as U+FFFD otherwise, while a file with the same bytes is refused: refused here too, with where.
            errors = [new BatchError(-1, "body", $"not valid UTF-8 at byte {valid + 1:N0} (line {Line(body.Span[..valid])})", null)];
            return null;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            errors = [new BatchError(-1, "body", $"not valid JSON: {e.Message}", null)];
            return null;
        }

        var messages = root switch
        {
            JsonObject o when o["batch"] is JsonArray a => a,
            JsonArray a => a,
            JsonObject o => new JsonArray(o.DeepClone()),
            _ => null,
        };
        if (messages is null || messages.Count == 0)
        {
            errors = [new BatchError(-1, "batch", "expected {\"batch\": [messages]}, an array of messages or one message object, with at least one message", null)];
            return null;
        }

        if (messages.Count > maxMessages)
        {
            errors = [new BatchError(-1, "batch", $"{messages.Count:N0} messages; at most {maxMessages:N0} per batch", null)];
            return null;
        }

        var lines = new StringBuilder();
        var found = new List<BatchError>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject message)
            {
                found.Add(new BatchError(i, "message", "expected a JSON object", messages[i]?.ToJsonString()));
                continue;
            }

            try
            {
                // Segment's rule: a message without its own time happened when it was received.
                message = (JsonObject)message.DeepClone();
                if (!message.ContainsKey("timestamp"))
                {
                    message["timestamp"] = received.ToString("O", CultureInfo.InvariantCulture);
                }

                lines.Append(message.ToJsonString()).Append('\n');
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                found.Add(new BatchError(i, "message", Unreadable(e), null));
            }
        }

        if (found.Count == 0)
        {
            found.AddRange(Check(lines.ToString()));
        }

        errors = found;
        return found.Count == 0 ? new EventBatch(messages.Count, lines.ToString()) : null;
    }

    private static int Line(ReadOnlySpan<byte> before) => before.Count((byte)'\n') + 1;

    /// <summary>Reads the lines as an import would and reports every row it would quarantine (line n = message n-1).</summary>
    private static IEnumerable<BatchError> Check(string jsonl)
    {
        using var reader = InputFile.OpenJsonl(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), "batch", new ImportOptions { Format = InputFormat.Jsonl });
        var errors = new List<BatchError>();
        try
        {
            foreach (var item in reader.Read())
            {
                if (item.Outcome == ReadOutcome.Rejected && item.Rejection is { } r)
                {
                    errors.Add(new BatchError((int)r.Line - 1, r.Field, r.Reason, r.Found));
                }
            }
        }
        catch (InputException e)
        {
            // What stops a file (a time without its zone, say) refuses the batch, naming the message.
            errors.Add(new BatchError(e.Line is { } line ? (int)line - 1 : -1, e.Field ?? "message", e.Message, null));
        }

        return errors;
    }
}
