using JourneyLens.Ingest.Mapping;

namespace JourneyLens.Ingest.Validation;

/// <summary>One value of a record as read from the source, with the name the source gave it and where it maps.</summary>
public readonly record struct SourceField(string Name, FieldTarget Target, string Value);
