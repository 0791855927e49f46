namespace JourneyLens.Ingest.Mapping;

/// <summary>
/// One event a wide row makes: from a step column (the time of that step) or a flag column (0/1: the step happened or
/// not), with the touchpoint — and optionally the channel — it stands for. The row's other fields go on every event.
/// </summary>
public sealed record RowEvent(string Column, string Touchpoint, string? Channel = null);
