using JourneyLens.Ingest.InMemory;

namespace JourneyLens.Ingest.Tests.InMemory;

/// <summary>Repeated event_ids found bucket by bucket on all cores equal the obvious pass over all rows that remembers every key seen.</summary>
public class EventIdKeysTests
{
    [Fact]
    public void Buckets_find_exactly_the_rows_whose_key_an_earlier_row_had()
    {
        for (var seed = 1; seed <= 200; seed++)
        {
            var random = new Random(seed);
            var pool = Enumerable.Range(0, random.Next(1, 400)).Select(_ => random.NextInt64(long.MinValue, long.MaxValue) | 1L).ToArray();
            var keys = new EventIdKeys();
            var seen = new HashSet<long>();
            var expected = new HashSet<int>();
            for (var row = 1; row <= random.Next(0, 2000); row += random.Next(1, 3))
            {
                var key = pool[random.Next(pool.Length)];
                keys.Add(key, row);
                if (!seen.Add(key))
                {
                    expected.Add(row);
                }
            }

            keys.RepeatedRows().ShouldBe(expected, ignoreOrder: true, $"seed {seed}");
        }
    }
}
