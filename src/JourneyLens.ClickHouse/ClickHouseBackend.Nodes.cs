using JourneyLens.Application.Parameters;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Engine;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>What an event's node is in SQL: its touchpoint, or its channel or phase with <c>--node</c>.</summary>
    private string _node = "touchpoint";

    /// <summary>The nodes' names in the engine's order when they are not the touchpoints (<see cref="TouchpointNames"/> answers them).</summary>
    private string[]? _nodeNames;

    /// <summary>
    /// Steps that are channels or the phases of a lens, as the engine relabels its touchpoint column: the process map,
    /// variants, paths and funnels whose steps name nodes then run unchanged. A channel node is the event's channel ("(no channel)" when empty), in the
    /// order the workspace met the channels; a phase node the touchpoint's phase under the lens from the catalogue kept
    /// on the cluster ("(no phase)" when none), in the lens's order.
    /// </summary>
    private void Relabel(Nodes nodes)
    {
        if (nodes.Kind == NodeKind.Channel)
        {
            (_node, _nodeNames) = ($"if(channel = '', {ClickHouseFilter.Literal(NoChannel)}, channel)", [.. ChannelNames().Select(c => c.Length == 0 ? NoChannel : c)]);
            return;
        }

        var catalogue = Catalogue.Touchpoints.Count > 0
            ? Catalogue
            : throw new RequestException("--node phase needs a touchpoint catalogue with phases: import one with `journeylens catalogue import FILE`");
        var phases = catalogue.PhasesInOrder(nodes.Lens).ToArray();
        var touchpoints = TouchpointNames();
        _node = $"transform(touchpoint, {TextArray(touchpoints)}, {TextArray(touchpoints.Select(t => catalogue.PhaseOf(t, nodes.Lens)))}, {ClickHouseFilter.Literal(Core.Catalogue.TouchpointCatalogue.NoPhase)})";
        _nodeNames = phases;
    }

    private const string NoChannel = "(no channel)";
}
