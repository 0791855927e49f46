using JourneyLens.Testing;
using Parquet;
using Parquet.Schema;

namespace JourneyLens.Cli.Tests;

/// <summary>Parquet in and out (#20, item 9): warehouse exports read as rows, the export written as Parquet.</summary>
public class ParquetTests
{
    /// <summary>A warehouse-shaped file: a UTC timestamp, a numeric user id, a nullable revenue, 0/1 flags, a date.</summary>
    private static void WriteWarehouseFile(string path, bool withNestedColumn = false, bool utc = true)
    {
        var userId = new DataField<long>("user_id");
        var eventName = new DataField<string>("event_name");
        var time = new DateTimeDataField("event_time", DateTimeFormat.Timestamp, isAdjustedToUTC: utc, unit: DateTimeTimeUnit.Millis);
        var revenue = new DataField<double>("revenue", nullable: true);
        var platform = new DataField<string>("platform", nullable: true);
        var day = new DataField<DateOnly>("session_date");
        var tags = new DataField("tags", typeof(string), false, true);
        Field[] fields = withNestedColumn ? [userId, eventName, time, revenue, platform, day, tags] : [userId, eventName, time, revenue, platform, day];
        using var file = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), file).GetAwaiter().GetResult();
        try
        {
            using var group = writer.CreateRowGroup();
            group.WriteAsync<long>(userId, new long[] { 7, 7, 8 }).GetAwaiter().GetResult();
            group.WriteAsync(eventName, new[] { "Searched", "Booked", "Searched" }).GetAwaiter().GetResult();
            var kind = utc ? DateTimeKind.Utc : DateTimeKind.Unspecified;
            group.WriteAsync<DateTime>(time, new[] { new DateTime(2024, 3, 1, 9, 0, 0, kind), new DateTime(2024, 3, 1, 9, 5, 30, 250, kind), new DateTime(2024, 3, 2, 10, 0, 0, kind) })
                .GetAwaiter().GetResult();
            group.WriteAsync<double>(revenue, new double?[] { null, 129.5, null }).GetAwaiter().GetResult();
            group.WriteAsync(platform, new[] { "web", "app", null }).GetAwaiter().GetResult();
            group.WriteAsync<DateOnly>(day, new[] { new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 2) }).GetAwaiter().GetResult();
            if (withNestedColumn)
            {
                group.WriteAsync(tags, new[] { "a", "b", "c" }, new[] { 0, 0, 0 }).GetAwaiter().GetResult();
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public void A_warehouse_parquet_file_imports_with_its_types_read_as_the_import_reads_text()
    {
        using var temp = new TempFolder();
        var file = temp.File("events.parquet");
        WriteWarehouseFile(file);
        var ws = temp.File("ws");

        var import = Cli.Run("import", file, "-w", ws, "--map", "touchpoint=event_name", "--map", "channel=platform", "--map", "timestamp=event_time", "-f", "json");

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("\"format\": \"parquet\"");
        import.Out.ShouldContain("\"accepted\": 3");
        var export = Cli.Run("export", "-w", ws, "-f", "csv").Out;
        export.ShouldContain(",2024-03-01T09:05:30.250Z,user_id:7,user_id:7#1,app,Booked,,,,129.5,,,2024-03-01");
        export.ShouldContain(",2024-03-02T10:00:00.000Z,user_id:8,user_id:8#1,,Searched,");

        var again = Cli.Run("import", file, "-w", ws, "--map", "touchpoint=event_name", "--map", "channel=platform", "--map", "timestamp=event_time", "-f", "json");
        again.Out.ShouldContain("\"duplicates\": 3");
    }

    [Fact]
    public void Naive_parquet_timestamps_need_a_zone_and_nested_columns_are_refused_by_name()
    {
        using var temp = new TempFolder();
        var naive = temp.File("naive.parquet");
        WriteWarehouseFile(naive, utc: false);
        var noZone = Cli.Run("import", naive, "-w", temp.File("ws"), "--map", "touchpoint=event_name", "--map", "timestamp=event_time");
        noZone.ExitCode.ShouldBe(ExitCode.BadInput);
        noZone.Error.ShouldContain("--timezone");
        var zoned = Cli.Run("import", naive, "-w", temp.File("ws2"), "--map", "touchpoint=event_name", "--map", "timestamp=event_time", "--timezone", "Europe/Amsterdam");
        zoned.ExitCode.ShouldBe(ExitCode.Ok, zoned.Error);
        Cli.Run("export", "-w", temp.File("ws2"), "-f", "csv").Out.ShouldContain(",2024-03-01T08:00:00.000Z,");

        var nested = temp.File("nested.parquet");
        WriteWarehouseFile(nested, withNestedColumn: true);
        var refused = Cli.Run("import", nested, "-w", temp.File("ws3"), "--map", "touchpoint=event_name", "--map", "timestamp=event_time");
        refused.ExitCode.ShouldBe(ExitCode.BadInput);
        refused.Error.ShouldContain("nested columns");
        refused.Error.ShouldContain("tags");
        refused.Error.ShouldNotContain("   at ");
        Cli.Run("import", nested, "-w", temp.File("ws3"), "--map", "touchpoint=event_name", "--map", "timestamp=event_time", "--map", "ignore=tags")
            .ExitCode.ShouldBe(ExitCode.Ok);

        var broken = temp.Write("broken.parquet", "PAR1 this is not really parquet");
        var unreadable = Cli.Run("import", broken, "-w", temp.File("ws4"));
        unreadable.ExitCode.ShouldBe(ExitCode.BadInput);
        unreadable.Error.ShouldContain("not a readable Parquet file");
    }

    [Fact]
    public void The_parquet_export_carries_every_field_and_imports_back_to_the_same_events()
    {
        using var temp = new TempFolder();
        var csv = temp.Write("e.csv",
            "event_id,timestamp,customer_id,touchpoint,channel,score_type,score,about,value,outcome,contact_id,plan",
            "e1,2024-01-01T10:00:00Z,C1,Called,phone,,,,,resolved,call-1,basic",
            "e2,2024-01-01T10:05:00Z,C1,Survey,email,nps,3,Called,,,,basic",
            "e3,2024-01-02T08:00:00.125Z,C2,Paid,web,,,,49.95,,,premium");
        var ws = temp.File("ws");
        Cli.Run("import", csv, "-w", ws).ExitCode.ShouldBe(ExitCode.Ok);
        var parquet = temp.File("out.parquet");

        var export = Cli.Run("export", "-w", ws, "--format", "parquet", "--output", parquet);

        export.ExitCode.ShouldBe(ExitCode.Ok, export.Error);
        var back = temp.File("back");
        var import = Cli.Run("import", parquet, "-w", back, "--map", "customer_id=person_id", "--map", "ignore=journey_id");
        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        // The same events, fields and properties; person ids now carry the type the export wrote into them.
        Cli.Run("export", "-w", back, "-f", "csv").Out.Replace("customer_id:customer_id:", "customer_id:")
            .ShouldBe(Cli.Run("export", "-w", ws, "-f", "csv").Out);

        var stdout = Cli.Run("export", "-w", ws, "--format", "parquet");
        stdout.ExitCode.ShouldBe(ExitCode.BadUsage);
        stdout.Error.ShouldContain("--output FILE");
        Cli.Run("stats", "-w", ws, "--format", "parquet").ExitCode.ShouldBe(ExitCode.BadUsage);
    }
}
