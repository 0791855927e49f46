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
        var stored = Stored.Of(measurement, Find(workspace, measurement.Name));
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO measurements (name, taken_utc, definition, result) VALUES ($name, $taken, $definition, $result)";
        cmd.Parameters.AddWithValue("$name", stored.Name);
        cmd.Parameters.AddWithValue("$taken", stored.Taken);
        cmd.Parameters.AddWithValue("$definition", stored.Definition);
        cmd.Parameters.AddWithValue("$result", stored.Result);
        cmd.ExecuteNonQuery();
    }

    public static IReadOnlyList<Measurement> List(Workspace workspace) => Read(workspace, null);

    public static Measurement? Find(Workspace workspace, string name) => Read(workspace, name).FirstOrDefault();

    private static List<Measurement> Read(Workspace workspace, string? name) =>
        workspace.Query("SELECT name, taken_utc, definition, result FROM measurements" + (name is null ? "" : " WHERE name = $name") + " ORDER BY taken_utc, id",
            r => new Stored(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)).Measurement(),
            name is null ? [] : [("$name", name)]);

    /// <summary>A measurement as text, as every store keeps it: the time in ISO 8601, the definition and values in JSON.</summary>
    public sealed record Stored(string Name, string Taken, string Definition, string Result)
    {
        /// <summary>The measurement to store under its name, which must be free (<paramref name="existing"/>: the one that has it).</summary>
        public static Stored Of(Measurement measurement, Measurement? existing)
        {
            CheckFree(measurement.Name, existing);
            return new(measurement.Name, measurement.Taken.ToString("O", CultureInfo.InvariantCulture),
                JsonSerializer.Serialize(measurement.Definition, Json), JsonSerializer.Serialize(measurement.Values, Json));
        }

        /// <summary>A measurement may be saved under <paramref name="name"/>: its length, and no <paramref name="existing"/> one has it.</summary>
        public static void CheckFree(string name, Measurement? existing)
        {
            if (name.Length is 0 or > MaxNameLength)
            {
                throw new Core.Errors.InputException($"a measurement name has 1 to {MaxNameLength} characters");
            }

            if (existing is not null)
            {
                throw new Core.Errors.InputException($"a measurement '{name}' exists (taken {existing.Taken:yyyy-MM-dd HH:mm} UTC); choose another name");
            }
        }

        public Measurement Measurement() => new(Name, Workspace.Time(Taken),
            JsonSerializer.Deserialize<MeasurementDefinition>(Definition, Json)!, JsonSerializer.Deserialize<List<MetricValue>>(Result, Json)!);
    }
}
