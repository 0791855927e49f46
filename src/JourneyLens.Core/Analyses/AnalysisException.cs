namespace JourneyLens.Core.Analyses;

/// <summary>A request an analysis cannot answer as asked (an unknown touchpoint, an empty funnel): a user error.</summary>
public sealed class AnalysisException(string message) : Exception(message);
