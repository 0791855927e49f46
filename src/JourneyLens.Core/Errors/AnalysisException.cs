namespace JourneyLens.Core.Errors;

/// <summary>A request an analysis cannot answer as asked (an unknown touchpoint, an empty funnel): a user error.</summary>
public sealed class AnalysisException(string message) : UserErrorException(message);
