namespace JourneyLens.Core.Engine;

/// <summary>The loaded, ready-to-scan data: events and the journeys cut from them.</summary>
public sealed record JourneyEngine(EventTable Events, JourneyIndex Journeys);
