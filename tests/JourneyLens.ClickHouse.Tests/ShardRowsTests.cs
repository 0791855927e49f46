using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// The shards' partial aggregates merged in C# must equal the aggregate over all rows at once: checked against a
/// plain LINQ group-by over random rows split at random between shards (no cluster needed).
/// </summary>
public class ShardRowsTests
{
    private sealed record Fact(string Key, long Value);

    [Fact]
    public void Merged_partials_equal_the_aggregate_over_every_row()
    {
        var facts = Gen.ArrayOf(
            from key in Gen.Elements("a", "b", "Ünï\tcode", "")
            from value in Gen.Choose(-1000, 1000)
            from shard in Gen.Choose(0, 2)
            select (Fact: new Fact(key, value), Shard: shard));
        Prop.ForAll(facts.ToArbitrary(), rows =>
        {
            // What each shard answers for: SELECT key, count(), sum(v), min(v), max(v), groupArray(v) GROUP BY key.
            var partials = rows.GroupBy(r => r.Shard).SelectMany(shard => shard.GroupBy(r => r.Fact.Key).Select(g => new[]
            {
                g.Key, Text(g.LongCount()), Text(g.Sum(r => r.Fact.Value)), Text(g.Min(r => r.Fact.Value)), Text(g.Max(r => r.Fact.Value)),
                "[" + string.Join(",", g.Select(r => Text(r.Fact.Value))) + "]",
            }));
            var merged = ShardRows.Merge(partials, Combine.Key, Combine.Sum, Combine.Sum, Combine.Min, Combine.Max, Combine.Concat)
                .ToDictionary(r => r[0], r => (Count: r[1], Sum: r[2], Min: r[3], Max: r[4], Values: Sorted(r[5])));
            var whole = rows.GroupBy(r => r.Fact.Key).ToDictionary(g => g.Key, g => (
                Count: Text(g.LongCount()), Sum: Text(g.Sum(r => r.Fact.Value)), Min: Text(g.Min(r => r.Fact.Value)), Max: Text(g.Max(r => r.Fact.Value)),
                Values: string.Join(",", g.Select(r => r.Fact.Value).Order())));
            return merged.Count == whole.Count && whole.All(w => merged.TryGetValue(w.Key, out var m) && m == w.Value);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_row_with_other_columns_than_asked_for_is_an_error_not_a_guess() =>
        Assert.Throws<InvalidOperationException>(() => ShardRows.Merge([["a", "1"], ["a"]], Combine.Key, Combine.Sum));

    private static string Sorted(string array) =>
        string.Join(",", array.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Order());

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
