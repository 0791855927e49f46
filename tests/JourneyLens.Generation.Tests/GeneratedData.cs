using System.Globalization;
using System.Text;
using JourneyLens.Generation;

namespace JourneyLens.Generation.Tests;

/// <summary>Generated CSV read back with a plain split (generator labels never need quoting), grouped per customer.</summary>
internal sealed class GeneratedData
{
    public sealed record Row(int Customer, long TimestampMs, string Channel, string Touchpoint, string ScoreType, int? Score, string About, string Outcome, string Persona);

    public GeneratedData(string scenario, int customers, ulong seed = 7)
    {
        Options = new GeneratorOptions { Customers = customers, Seed = seed };
        Truth = Scenario.Find(scenario).Truth(Options);
        using var stream = new MemoryStream();
        Generator.Generate(Scenario.Find(scenario), Options, stream);
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Header = lines[0];
        Rows = lines.Skip(1).Select(Parse).ToList();
        Customers = Rows.GroupBy(r => r.Customer).ToDictionary(g => g.Key, g => g.OrderBy(r => r.TimestampMs).ToList());
    }

    public GeneratorOptions Options { get; }
    public ScenarioTruth Truth { get; }
    public string Header { get; }
    public List<Row> Rows { get; }
    public Dictionary<int, List<Row>> Customers { get; }

    public double Parameter(string effect, string name) => Truth.Effects.Single(e => e.Name == effect).Parameters[name];

    public long ImprovementMs => Truth.ImprovementDate.ToUnixTimeMilliseconds();

    private static Row Parse(string line)
    {
        var f = line.Split(',');
        f.Length.ShouldBe(14, line);
        var customer = int.Parse(f[0].Split('-')[1], CultureInfo.InvariantCulture);
        var ts = DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        return new Row(customer, ts, f[6], f[7], f[8], f[9].Length == 0 ? null : int.Parse(f[9], CultureInfo.InvariantCulture), f[10], f[12], f[13]);
    }

    /// <summary>Asserts an observed rate is the planted one within four standard errors.</summary>
    public static void ShouldBeNear(double observed, double expected, long n, string what)
    {
        n.ShouldBeGreaterThan(30, $"too few cases to check {what}");
        var se = Math.Sqrt(expected * (1 - expected) / n);
        Math.Abs(observed - expected).ShouldBeLessThanOrEqualTo(4 * se + 1e-9, $"{what}: observed {observed:0.000}, planted {expected:0.000}, n = {n}");
    }

    /// <summary>NPS of answers (−100…100) and its standard error.</summary>
    public static (double Nps, double Se, int N) Nps(IEnumerable<int> scores)
    {
        var list = scores.ToList();
        double p = list.Count(s => s >= 9) / (double)list.Count, d = list.Count(s => s <= 6) / (double)list.Count;
        return (100 * (p - d), 100 * Math.Sqrt((p + d - ((p - d) * (p - d))) / list.Count), list.Count);
    }
}
