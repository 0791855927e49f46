using System.Globalization;
using System.Text.Json;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Measurements;

/// <summary>How a measurement was taken: its metrics and the scope options, so that "now" can be measured the same way.</summary>
public sealed record MeasurementDefinition(IReadOnlyList<string> Metrics, string? From, string? To, string? Where, string? Segment, double? JourneyGapDays);

public sealed record Measurement(string Name, DateTimeOffset Taken, MeasurementDefinition Definition, IReadOnlyList<MetricValue> Values);

/// <summary>Named, dated snapshots of metrics in the workspace (the baseline measurements of docs/experience.md).</summary>
public static class MeasurementStore
{
    public const int MaxNameLength = 200;

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(Workspace workspace, Measurement measurement)
    {
        if (measurement.Name.Length is 0 or > MaxNameLength)
        {
            throw new Core.Errors.InputException($"a measurement name has 1 to {MaxNameLength} characters");
        }

        if (Find(workspace, measurement.Name) is { } existing)
        {
            throw new Core.Errors.InputException($"a measurement '{measurement.Name}' exists (taken {existing.Taken:yyyy-MM-dd HH:mm} UTC); choose another name");
        }

        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO measurements (name, taken_utc, definition, result) VALUES ($name, $taken, $definition, $result)";
        cmd.Parameters.AddWithValue("$name", measurement.Name);
        cmd.Parameters.AddWithValue("$taken", measurement.Taken.ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$definition", JsonSerializer.Serialize(measurement.Definition, Json));
        cmd.Parameters.AddWithValue("$result", JsonSerializer.Serialize(measurement.Values, Json));
        cmd.ExecuteNonQuery();
    }

    public static IReadOnlyList<Measurement> List(Workspace workspace) => Read(workspace, null);

    public static Measurement? Find(Workspace workspace, string name) => Read(workspace, name).FirstOrDefault();

    private static List<Measurement> Read(Workspace workspace, string? name) =>
        workspace.Query("SELECT name, taken_utc, definition, result FROM measurements" + (name is null ? "" : " WHERE name = $name") + " ORDER BY taken_utc, id",
            r => new Measurement(r.GetString(0), Workspace.Time(r.GetString(1)),
                JsonSerializer.Deserialize<MeasurementDefinition>(r.GetString(2), Json)!, JsonSerializer.Deserialize<List<MetricValue>>(r.GetString(3), Json)!),
            name is null ? [] : [("$name", name)]);
}
