using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyLens.Core.Errors;

namespace JourneyLens.Application.Saved;

/// <summary>
/// A list of named things kept as one JSON file in the workspace folder (saved segments, views): beside the SQLite file
/// or a cluster's connection, so both backends have them and they travel with the folder. A change rewrites the
/// file whole (<see cref="Storage.TemporaryFiles.Replace"/>), so a reader never sees half; changes in one process are
/// serialised.
/// </summary>
internal sealed class JsonListFile<T>(string folder, string fileName, Func<T, string> nameOf)
{
    private static readonly Lock s_writing = new();

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private string Path => System.IO.Path.Combine(folder, fileName);

    /// <summary>Every item, by name.</summary>
    public IReadOnlyList<T> All()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            var read = JsonSerializer.Deserialize<List<T>>(File.ReadAllText(Path), s_json) ?? [];
            return [.. read.OrderBy(nameOf, StringComparer.Ordinal)];
        }
        catch (JsonException e)
        {
            throw new InputException($"{Path}: not a list of {System.IO.Path.GetFileNameWithoutExtension(fileName)} ({e.Message}); fix or remove the file");
        }
    }

    public T? Find(string name) => All().FirstOrDefault(item => nameOf(item) == name);

    /// <summary>Replaces the list by what <paramref name="change"/> makes of it (it may throw to refuse).</summary>
    public void Change(Func<List<T>, List<T>> change)
    {
        lock (s_writing)
        {
            var next = change([.. All()]);
            Storage.TemporaryFiles.Replace(Path, stream => JsonSerializer.Serialize(stream, next.OrderBy(nameOf, StringComparer.Ordinal).ToList(), s_json));
        }
    }

    /// <summary>Adds the item, or replaces the one of its name; a new name beyond <paramref name="max"/> items is refused with <paramref name="full"/>.</summary>
    public void Put(T item, int max, string full)
    {
        var name = nameOf(item);
        Change(all =>
        {
            if (all.Count >= max && all.All(other => nameOf(other) != name))
            {
                throw new Parameters.RequestException(full, "name");
            }

            return [.. all.Where(other => nameOf(other) != name), item];
        });
    }

    /// <summary>Removes the item of that name; false when there was none.</summary>
    public bool Remove(string name)
    {
        var found = false;
        Change(all =>
        {
            found = all.Any(item => nameOf(item) == name);
            return [.. all.Where(item => nameOf(item) != name)];
        });
        return found;
    }
}
