using JourneyLens.Core.Events;

namespace JourneyLens.Ingest.Validation;

/// <summary>A row that was not loaded, with where it was and why. Written to the workspace's quarantine file.</summary>
public sealed record Rejection(string File, long Line, string Field, string Reason, string? Found, string? Raw)
{
    /// <summary>"score out of range: nps is 0–10" → "score out of range": summaries count by kind, the quarantine keeps the detail.</summary>
    public static string ReasonKey(string reason)
    {
        var cut = reason.IndexOfAny([':', ';', '(']);
        return (cut > 0 ? reason[..cut] : reason).Trim();
    }
}

public enum ReadOutcome : byte
{
    Accepted,
    Rejected,

    /// <summary>Left out on purpose by an import option (e.g. <c>--lifecycle complete</c>); counted in the summary.</summary>
    Filtered,
}

/// <summary>One result of reading the input: an accepted record, a rejection, or a record an option filtered out.</summary>
public readonly record struct ReadItem(ReadOutcome Outcome, EventRecord? Record, Rejection? Rejection)
{
    public static ReadItem Accept(EventRecord record) => new(ReadOutcome.Accepted, record, null);
    public static ReadItem Reject(Rejection rejection) => new(ReadOutcome.Rejected, null, rejection);
    public static ReadItem Filter() => new(ReadOutcome.Filtered, null, null);
}
