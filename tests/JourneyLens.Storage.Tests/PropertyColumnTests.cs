using JourneyLens.Core.Engine;
using JourneyLens.Ingest;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;
using JourneyLens.Storage.Queries;
using JourneyLens.Testing;

namespace JourneyLens.Storage.Tests;

/// <summary>Kept property columns answer as every event's JSON does: built, read back, extended by imports, never another database's.</summary>
public sealed class PropertyColumnTests
{
    private static readonly string[] Values = ["family", "business", "é ☕", "a,b", "\"quoted\"", ""];

    /// <summary>The definition, plainly: each engine event's property read from its JSON in the database.</summary>
    private static string?[] FromJson(Workspace workspace, EventTable table, string name)
    {
        var byRow = new Dictionary<long, string?>();
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "SELECT id, json_extract(props, $path) FROM events";
        cmd.Parameters.AddWithValue("$path", $"$.\"{name}\"");
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            byRow[r.GetInt64(0)] = r.IsDBNull(1) ? null : Convert.ToString(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return [.. Enumerable.Range(0, table.EventCount).Select(i => byRow.GetValueOrDefault(table.RowId[i]))];
    }

    [Fact]
    public void Columns_kept_and_extended_over_imports_equal_the_events_json_from_files_and_from_memory()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        var random = new Random(7);
        var inMemory = new EngineLoader(keepInMemory: true);
        for (var batch = 0; batch < 6; batch++)
        {
            var rows = Enumerable.Range(0, random.Next(1, 400)).Select(i =>
                $"b{batch}-{i},c{random.Next(60)},2025-01-{1 + random.Next(28):00}T{random.Next(24):00}:00:00Z,t{random.Next(5)},{Csv(Values[random.Next(Values.Length)])},{random.Next(3)}");
            var file = temp.Write($"batch{batch}.csv", ["event_id,customer_id,timestamp,touchpoint,persona,tier", .. rows]);
            using (var workspace = Workspace.Open(folder, create: true))
            {
                new Importer(workspace).Import(file, new ImportOptions(), new ImportSettings());
            }

            using (var workspace = Workspace.Open(folder, create: false))
            {
                var table = new EngineLoader().Load(workspace).Events;
                // A filtered table too: columns follow the events it keeps.
                var some = EventTableFilter.Where(table, i => i % 3 != 0);
                foreach (var t in new[] { table, some })
                {
                    foreach (var name in new[] { "persona", "tier", "absent" })
                    {
                        var expected = FromJson(workspace, t, name);
                        PropertyColumns.Load(workspace, t, [name])[name].ShouldBe(expected, $"{name}, batch {batch}, from the file");
                        PropertyColumns.Load(workspace, t, [name], inMemory)[name].ShouldBe(expected, $"{name}, batch {batch}, from memory");
                    }
                }
            }
        }

        Directory.EnumerateFiles(Path.Combine(folder, "engine.props"), "*.partial").ShouldBeEmpty();

        // After an import the kept columns are brought up to date at once (the import command does this).
        var more = temp.Write("more.csv", "event_id,customer_id,timestamp,touchpoint,persona,tier", "m-1,c1,2025-02-01T00:00:00Z,t1,late,9");
        using (var workspace = Workspace.Open(folder, create: false))
        {
            new Importer(workspace).Import(more, new ImportOptions(), new ImportSettings());
            var files = Directory.GetFiles(PropertyColumnStore.Folder(workspace), "*.col").ToDictionary(f => f, File.GetLastWriteTimeUtc);
            PropertyColumnStore.ExtendKept(workspace).ShouldBe(["absent", "persona", "tier"]);
            files.Keys.ShouldAllBe(f => File.GetLastWriteTimeUtc(f) >= files[f]);
            var table = new EngineLoader().Load(workspace).Events;
            PropertyColumns.Load(workspace, table, ["persona"])["persona"].ShouldBe(FromJson(workspace, table, "persona"));
            PropertyColumnStore.ExtendKept(workspace).Count.ShouldBe(3, "up to date: read and kept as they are");
        }
    }

    [Fact]
    public void A_column_file_cut_short_or_of_another_database_is_built_again()
    {
        using var temp = new TempFolder();
        var (first, second) = (temp.File("one"), temp.File("two"));
        foreach (var (folder, persona) in new[] { (first, "family"), (second, "business") })
        {
            using var workspace = Workspace.Open(folder, create: true);
            new Importer(workspace).Import(temp.Write($"{persona}.csv", "customer_id,timestamp,touchpoint,persona", $"c1,2025-01-01T00:00:00Z,x,{persona}", $"c2,2025-01-02T00:00:00Z,y,{persona}"),
                new ImportOptions(), new ImportSettings());
        }

        string?[] Persona(string folder)
        {
            using var workspace = Workspace.Open(folder, create: false);
            return PropertyColumns.Load(workspace, new EngineLoader().Load(workspace).Events, ["persona"])["persona"];
        }

        Persona(first).ShouldBe(["family", "family"]);
        Persona(second).ShouldBe(["business", "business"]);

        // The other database's file in its place (same name, same rows): not used.
        var files = (Directory.GetFiles(Path.Combine(first, "engine.props")).Single(), Directory.GetFiles(Path.Combine(second, "engine.props")).Single());
        File.Copy(files.Item2, files.Item1, overwrite: true);
        Persona(first).ShouldBe(["family", "family"]);

        // Cut short: built again.
        var bytes = File.ReadAllBytes(files.Item1);
        File.WriteAllBytes(files.Item1, bytes[..(bytes.Length - 3)]);
        Persona(first).ShouldBe(["family", "family"]);
    }

    private static string Csv(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
