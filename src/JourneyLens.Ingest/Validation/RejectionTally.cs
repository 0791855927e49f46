using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Validation;

/// <summary>
/// Rejected rows of one file: counted by reason, the first few kept whole, and reading stopped once more than
/// <c>--max-errors</c> are rejected, with the first of them named. The import and a file read into memory share it.
/// </summary>
/// <param name="consequence">What stopping means, for the message (the import says nothing was imported).</param>
public sealed class RejectionTally(long? maxErrors, int keep, string consequence = "")
{
    private readonly Dictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private readonly List<Rejection> _first = [];

    public long Count { get; private set; }

    public IReadOnlyDictionary<string, long> ByReason => _byReason;

    /// <summary>The first rejected rows, in file order, at most the number kept.</summary>
    public IReadOnlyList<Rejection> First => _first;

    public void Add(Rejection rejection)
    {
        Count++;
        var key = Rejection.ReasonKey(rejection.Reason);
        _byReason[key] = _byReason.GetValueOrDefault(key) + 1;
        if (_first.Count < Math.Max(1, keep))
        {
            _first.Add(rejection);
        }

        if (Count > maxErrors)
        {
            var first = _first[0];
            throw new InputException($"more than {maxErrors} rows rejected (--max-errors){consequence}. The first: {first.Reason}", first.File, first.Line, first.Field);
        }
    }
}
