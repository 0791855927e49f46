namespace JourneyLens.Core.Events;

/// <summary>One identifier of a person as seen on an event, e.g. <c>email:ann@example.com</c>.</summary>
public readonly record struct Identifier(string Type, string Value)
{
    public override string ToString() => $"{Type}:{Value}";
}
