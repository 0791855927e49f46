using JourneyLens.Core.Catalogue;
using JourneyLens.Ingest.Catalogue;

namespace JourneyLens.ClickHouse;

/// <summary>
/// The touchpoint catalogue of a workspace on a cluster, kept on the cluster's coordinating server — not in the
/// folder — so that every machine and web server that reads the cluster shares it. Each import adds a version; the
/// latest is the catalogue.
/// </summary>
public static class ClickHouseCatalogue
{
    /// <summary>Validates and stores a catalogue as the cluster's; returns it parsed.</summary>
    public static TouchpointCatalogue Save(ClickHouseTarget target, string yaml, string source)
    {
        if (yaml.Length > Storage.Catalogue.CatalogueStore.MaxBytes)
        {
            throw new Core.Errors.InputException($"a catalogue is at most {Storage.Catalogue.CatalogueStore.MaxBytes >> 20} MB", source);
        }

        var catalogue = CatalogueYaml.Parse(yaml, source);
        using var cluster = new ClickHouseCluster(target);
        ClickHouseSchema.Ensure(cluster);
        cluster.AppendVersion("catalogue", ["yaml", "source"], yaml, Path.GetFileName(source));
        return catalogue;
    }

    /// <summary>The latest catalogue saved, or the empty one (every touchpoint without phase) when none was.</summary>
    public static TouchpointCatalogue Load(ClickHouseTarget target)
    {
        using var cluster = new ClickHouseCluster(target);
        return Load(cluster);
    }

    internal static TouchpointCatalogue Load(ClickHouseCluster cluster)
    {
        ClickHouseSchema.Ensure(cluster);
        return cluster.Rows($"SELECT yaml, source FROM {cluster.Target.Database}.catalogue ORDER BY version DESC LIMIT 1") is [var latest]
            ? CatalogueYaml.Parse(latest[0], latest[1])
            : TouchpointCatalogue.Empty;
    }
}
