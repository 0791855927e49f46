using JourneyLens.Core.Catalogue;

namespace JourneyLens.Core.Engine;

/// <summary>What a node of a path, funnel or process map stands for.</summary>
public enum NodeKind
{
    Touchpoint,
    Channel,
    Phase,
}

/// <summary>
/// Re-labels the touchpoint column so that every touchpoint analysis can run over channels, or over the phases of a
/// lens, unchanged: a path over phases is a path whose steps are phases.
/// </summary>
public static class NodeGrouping
{
    public static EventTable Apply(EventTable t, NodeKind kind, TouchpointCatalogue catalogue, string lens) => kind switch
    {
        NodeKind.Channel => ByChannel(t),
        NodeKind.Phase => ByPhase(t, catalogue, lens),
        _ => t,
    };

    /// <summary>Nodes are the events' channels; a survey subject becomes its touchpoint's catalogue channel, if any.</summary>
    public static EventTable ByChannel(EventTable t)
    {
        var names = t.ChannelNames.Select(c => c.Length == 0 ? "(no channel)" : c).ToArray();
        var touchpoint = new int[t.EventCount];
        for (var i = 0; i < touchpoint.Length; i++)
        {
            touchpoint[i] = t.Channel[i];
        }

        // An answer about a touchpoint rates the channel that touchpoint was met on most often.
        var channelOfTouchpoint = MostCommon(t, t.TouchpointNames.Length, i => t.Channel[i]);
        var about = t.About.Select(a => a == EventTable.NoAbout ? a : channelOfTouchpoint[a]).ToArray();
        return t.WithTouchpoints(names, touchpoint, about);
    }

    /// <summary>Nodes are the phases of a lens, in the lens's order; touchpoints without one go to "(no phase)".</summary>
    public static EventTable ByPhase(EventTable t, TouchpointCatalogue catalogue, string lens)
    {
        var phases = catalogue.PhasesInOrder(lens).ToArray();
        var code = phases.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        var phaseOf = t.TouchpointNames.Select(n => code[catalogue.PhaseOf(n, lens)]).ToArray();
        var touchpoint = t.Touchpoint.Select(tp => phaseOf[tp]).ToArray();
        var about = t.About.Select(a => a == EventTable.NoAbout ? a : phaseOf[a]).ToArray();
        return t.WithTouchpoints(phases, touchpoint, about);
    }

    private static int[] MostCommon(EventTable t, int touchpoints, Func<int, int> channel)
    {
        var counts = new Dictionary<(int, int), int>();
        for (var i = 0; i < t.EventCount; i++)
        {
            var key = (t.Touchpoint[i], channel(i));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var best = Enumerable.Repeat(EventTable.NoAbout, touchpoints).ToArray();
        foreach (var group in counts.GroupBy(c => c.Key.Item1))
        {
            best[group.Key] = group.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Item2).First().Key.Item2;
        }

        return best;
    }
}
