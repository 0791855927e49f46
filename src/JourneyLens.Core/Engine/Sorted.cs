namespace JourneyLens.Core.Engine;

/// <summary>Binary search in the engine's sorted columns (times within a person, persons of journeys).</summary>
public static class Sorted
{
    /// <summary>The first position whose value is not less than <paramref name="value"/> (the length when there is none).</summary>
    public static int LowerBound<T>(ReadOnlySpan<T> sorted, T value)
        where T : IComparable<T>
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].CompareTo(value) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
