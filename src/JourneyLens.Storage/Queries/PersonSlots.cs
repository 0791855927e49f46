namespace JourneyLens.Storage.Queries;

/// <summary>
/// The workspace's persons in the order the engine numbers them (its person slots): by when their key identifier was
/// first seen, equal times by its name, as stitching a whole file in memory numbers them. Person ids in the
/// database are stable labels that revisited stitching hands out anew, so they are not that order.
/// </summary>
internal sealed record PersonSlots(long[] PersonIds, long[] KeyIdentifiers, string[] Names)
{
    public static PersonSlots Read(Workspace workspace)
    {
        var rows = new List<(long Person, long Key, long SeenMs, string Name)>();
        using (var read = new RawStatement(workspace.Connection, "SELECT id, key_identifier_id, key_seen_ms, key_name FROM persons"))
        {
            while (read.Read())
            {
                rows.Add((read.Int64(0), read.Int64(1), read.Int64(2), read.String(3)));
            }
        }

        rows.Sort((x, y) => x.SeenMs != y.SeenMs ? x.SeenMs.CompareTo(y.SeenMs) : CompareNames(x.Name, y.Name));
        return new PersonSlots([.. rows.Select(r => r.Person)], [.. rows.Select(r => r.Key)], [.. rows.Select(r => r.Name)]);
    }

    /// <summary>"type:value" names by type, then value (as <see cref="Core.Identity.IdentityGraph.CompareNames"/>; types hold no colon).</summary>
    private static int CompareNames(string x, string y)
    {
        var (tx, ty) = (x.IndexOf(':', StringComparison.Ordinal), y.IndexOf(':', StringComparison.Ordinal));
        var c = x.AsSpan(0, tx).SequenceCompareTo(y.AsSpan(0, ty));
        return c != 0 ? c : x.AsSpan(tx + 1).SequenceCompareTo(y.AsSpan(ty + 1));
    }

    /// <summary>The slot of each person id (an array indexed by id; ids no person holds map to -1).</summary>
    public int[] SlotOfPersonId()
    {
        var slots = new int[(PersonIds.Length == 0 ? 0 : PersonIds.Max()) + 1];
        Array.Fill(slots, -1);
        for (var s = 0; s < PersonIds.Length; s++)
        {
            slots[PersonIds[s]] = s;
        }

        return slots;
    }
}
