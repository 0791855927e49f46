namespace JourneyLens.Core.Identity;

/// <summary>What stitching decided for one link between two identifiers.</summary>
public enum LinkDecision : byte
{
    /// <summary>The two identifiers' persons were merged into one.</summary>
    Merged = 0,

    /// <summary>They already belonged to the same person through earlier links.</summary>
    AlreadyTogether = 1,

    /// <summary>Refused: the merge would give one person two different values of a unique identifier type.</summary>
    RefusedUnique = 2,

    /// <summary>Refused: the merged person would exceed the identifier cap.</summary>
    RefusedCap = 3,
}

/// <summary>
/// Input to stitching: identifiers (dense indexes 0..n-1) and the links between them. Links are applied in the order of
/// the time each was first seen, equal times by the identifiers' names, so the outcome does not depend on the order
/// in which files or batches arrived.
/// </summary>
public sealed class IdentityGraph
{
    public required string[] Types { get; init; }
    public required string[] Values { get; init; }

    /// <summary>When each identifier was first seen (UTC ms); the earliest strong one names the person.</summary>
    public required long[] FirstSeenMs { get; init; }

    /// <summary>Links as pairs of identifier indexes.</summary>
    public required (int A, int B)[] Links { get; init; }

    /// <summary>When each link was first seen (UTC ms), parallel to <see cref="Links"/>.</summary>
    public required long[] LinkSeenMs { get; init; }

    /// <summary>Orders identifiers by name (type, then value): the tie-break that no arrival order can change.</summary>
    public int CompareNames(int x, int y)
    {
        var c = string.CompareOrdinal(Types[x], Types[y]);
        c = c != 0 ? c : string.CompareOrdinal(Values[x], Values[y]);
        return c != 0 ? c : x.CompareTo(y);
    }

    public int Count => Types.Length;
}

/// <summary>The outcome of stitching: a dense person index per identifier, each person's key identifier, and every decision.</summary>
public sealed class IdentityResolution
{
    public required int[] PersonOfIdentifier { get; init; }

    /// <summary>The identifier that names each person: the earliest-seen strong identifier (else the earliest of any type).</summary>
    public required int[] KeyIdentifierOfPerson { get; init; }
    public required int[] IdentifierCountOfPerson { get; init; }
    public required bool[] CappedPerson { get; init; }
    public required LinkDecision[] Decisions { get; init; }
    public required string?[] DecisionDetails { get; init; }

    public int PersonCount => KeyIdentifierOfPerson.Length;
}
