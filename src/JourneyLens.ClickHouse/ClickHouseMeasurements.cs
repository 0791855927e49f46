using JourneyLens.Storage.Measurements;

namespace JourneyLens.ClickHouse;

/// <summary>
/// The saved measurements (baselines) of a workspace on a cluster, kept on the cluster's coordinating server like the
/// catalogue, so everyone who reads the cluster compares with the same baselines. Stored as an embedded workspace
/// stores them (<see cref="MeasurementStore.Stored"/>).
/// </summary>
public static class ClickHouseMeasurements
{
    public static void Save(ClickHouseTarget target, Measurement measurement)
    {
        using var cluster = new ClickHouseCluster(target);
        var stored = MeasurementStore.Stored.Of(measurement, Find(cluster, measurement.Name));
        cluster.AppendVersion("measurements", ["name", "taken", "definition", "result"], stored.Name, stored.Taken, stored.Definition, stored.Result);
    }

    public static Measurement? Find(ClickHouseTarget target, string name)
    {
        using var cluster = new ClickHouseCluster(target);
        return Find(cluster, name);
    }

    internal static Measurement? Find(ClickHouseCluster cluster, string name) => Read(cluster, name).FirstOrDefault();

    /// <summary>Every measurement, in the order they were saved.</summary>
    internal static IReadOnlyList<Measurement> List(ClickHouseCluster cluster) => Read(cluster, null);

    private static List<Measurement> Read(ClickHouseCluster cluster, string? name)
    {
        ClickHouseSchema.Ensure(cluster);
        var where = name is null ? "" : $" WHERE name = {ClickHouseFilter.Literal(name)}";
        return [.. cluster.Rows($"SELECT name, taken, definition, result FROM {cluster.Target.Database}.measurements{where} ORDER BY version")
            .Select(r => new MeasurementStore.Stored(r[0], r[1], r[2], r[3]).Measurement())];
    }
}
