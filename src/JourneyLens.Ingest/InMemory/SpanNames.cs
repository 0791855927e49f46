namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// Strings numbered in the order first seen, found by their text without making a string of it: a name seen before
/// costs a lookup, not an allocation.
/// </summary>
internal sealed class SpanNames
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly List<string> _names = [];

    /// <summary>The code last asked for: rows in a run often repeat the previous row's name (a customer's channel, persona).</summary>
    private int _last = -1;

    public SpanNames() => _bySpan = _codes.GetAlternateLookup<ReadOnlySpan<char>>();

    public IReadOnlyList<string> Names => _names;

    public int Code(ReadOnlySpan<char> name)
    {
        if (_last >= 0 && name.SequenceEqual(_names[_last]))
        {
            return _last;
        }

        _last = _bySpan.TryGetValue(name, out var code) ? code : Add(name.ToString());
        return _last;
    }

    public int Code(string name) => _codes.TryGetValue(name, out var code) ? code : Add(name);

    public void Clear()
    {
        _codes.Clear();
        _names.Clear();
        _last = -1;
    }

    private int Add(string name)
    {
        var code = _names.Count;
        _codes.Add(name, code);
        _names.Add(name);
        return code;
    }
}
