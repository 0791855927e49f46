namespace JourneyLens.Core.Engine;

/// <summary>
/// Work over persons or journeys split into contiguous chunks, one task each on the cores: every parallel analysis
/// splits the same way, so each chunk's results can be merged in chunk order into what one pass would give.
/// </summary>
public static class Chunks
{
    /// <summary>How many chunks: one per <paramref name="perChunk"/> items, at least one and at most <paramref name="most"/>.</summary>
    public static int Count(int items, int perChunk, int most) => Math.Clamp(items / perChunk, 1, most);

    /// <summary>The items [First, Last) of one chunk.</summary>
    public static (int First, int Last) Range(int items, int chunks, int chunk) =>
        ((int)((long)items * chunk / chunks), (int)((long)items * (chunk + 1) / chunks));

    /// <summary>Runs <paramref name="work"/>(chunk, first, last) for every chunk on the cores.</summary>
    public static void Run(int items, int chunks, Action<int, int, int> work) =>
        Parallel.For(0, chunks, c =>
        {
            var (first, last) = Range(items, chunks, c);
            work(c, first, last);
        });

    /// <summary>Runs <paramref name="work"/>(chunk, first, last) for every chunk on the cores; the results in chunk order.</summary>
    public static T[] Run<T>(int items, int chunks, Func<int, int, int, T> work)
    {
        var results = new T[chunks];
        Parallel.For(0, chunks, c =>
        {
            var (first, last) = Range(items, chunks, c);
            results[c] = work(c, first, last);
        });
        return results;
    }
}
