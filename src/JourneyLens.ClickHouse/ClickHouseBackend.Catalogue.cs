using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    private TouchpointCatalogue? _catalogue;

    /// <summary>The cluster's touchpoint catalogue (<see cref="ClickHouseCatalogue"/>), read once per query.</summary>
    private TouchpointCatalogue Catalogue => _catalogue ??= ClickHouseCatalogue.Load(_cluster);

    /// <summary>Self-service and assisted channels, with the catalogue's outbound touchpoints excluded from contacts — as the embedded backend takes them.</summary>
    private ChannelClasses Channels(ChannelClasses classes) =>
        classes with { Outbound = Catalogue.Touchpoints.Where(t => t.Outbound).Select(t => t.Name).ToHashSet(StringComparer.Ordinal) };
}
