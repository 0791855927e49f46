using System.Security.Cryptography;
using JourneyLens.Generation;
using JourneyLens.Ingest;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Testing;
using JourneyLens.Core.Errors;

namespace JourneyLens.Generation.Tests;

public class GeneratorTests
{
    private static string Hash(string scenario, GeneratorOptions options)
    {
        using var stream = new MemoryStream();
        Generator.Generate(Scenario.Find(scenario), options, stream);
        return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
    }

    [Theory]
    [InlineData("airline")]
    [InlineData("hotel")]
    [InlineData("webshop")]
    [InlineData("telecom")]
    public void The_same_seed_gives_byte_identical_output_and_another_seed_does_not(string scenario)
    {
        var options = new GeneratorOptions { Customers = 5_000, Seed = 11 };

        Hash(scenario, options).ShouldBe(Hash(scenario, options));
        Hash(scenario, options with { Format = GeneratedFormat.Jsonl }).ShouldBe(Hash(scenario, options with { Format = GeneratedFormat.Jsonl }));
        Hash(scenario, options).ShouldNotBe(Hash(scenario, options with { Seed = 12 }));
    }

    [Theory]
    [InlineData("airline", GeneratedFormat.Csv)]
    [InlineData("webshop", GeneratedFormat.Jsonl)]
    [InlineData("telecom", GeneratedFormat.Csv)]
    [InlineData("hotel", GeneratedFormat.Jsonl)]
    public void Generated_files_import_with_no_flags_and_no_rejections(string scenario, GeneratedFormat format)
    {
        using var temp = new TempFolder();
        var path = temp.File(scenario + (format == GeneratedFormat.Csv ? ".csv" : ".jsonl"));
        using (var file = File.Create(path))
        {
            Generator.Generate(Scenario.Find(scenario), new GeneratorOptions { Customers = 2_000, Format = format }, file);
        }

        using var reader = InputFile.Open(path, new ImportOptions());
        var items = reader.Read().ToList();

        items.ShouldAllBe(i => i.Outcome == ReadOutcome.Accepted);
        var records = items.Select(i => i.Record!).ToList();
        records.Select(r => r.Channel).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5);
        records.ShouldContain(r => r.ScoreType != Core.Events.ScoreType.None);
        records.ShouldContain(r => r.Identifiers.Count >= 2, "some events must tie identifiers together");
    }

    [Fact]
    public void Bad_options_are_refused_with_a_clear_message()
    {
        Should.Throw<InputException>(() => Generator.Generate(Scenario.Find("airline"), new GeneratorOptions { Customers = 0 }, Stream.Null)).Message.ShouldContain("--customers");
        Should.Throw<InputException>(() => Scenario.Find("bank")).Message.ShouldContain("airline, hotel, webshop, telecom");
    }
}
