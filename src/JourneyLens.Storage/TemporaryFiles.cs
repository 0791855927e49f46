namespace JourneyLens.Storage;

/// <summary>
/// Files written under a temporary name and renamed when complete. The writer holds its file exclusively
/// (<see cref="FileShare.None"/>: an advisory lock, for other processes and for other handles of this one), so a
/// temporary file that can be locked is abandoned — its writer was killed — and can go.
/// </summary>
internal static class TemporaryFiles
{
    /// <summary>A new temporary file beside <paramref name="final"/>, owned by the caller until it is renamed.</summary>
    public static FileStream Create(string final, int buffer = 1 << 16) =>
        new($"{final}.{Guid.NewGuid():N}.partial", FileMode.CreateNew, FileAccess.Write, FileShare.None, buffer);

    public static void DeleteAbandoned(string folder, string pattern)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, pattern))
        {
            try
            {
                using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                File.Delete(file);
            }
            catch (IOException)
            {
                // still being written, or gone already: not ours to remove
            }
        }
    }
}
