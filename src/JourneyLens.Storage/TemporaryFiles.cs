namespace JourneyLens.Storage;

/// <summary>
/// Files written under a temporary name and renamed when complete. The writer holds its file exclusively
/// (<see cref="FileShare.None"/>: an advisory lock, for other processes and for other handles of this one), so a
/// temporary file that can be locked is abandoned — its writer was killed — and can go.
/// </summary>
public static class TemporaryFiles
{
    /// <summary>
    /// Writes <paramref name="final"/> whole or not at all: into a temporary file beside it, renamed over it when
    /// <paramref name="write"/> returns; on any failure the temporary file goes and the old file is untouched.
    /// </summary>
    public static void Replace(string final, Action<FileStream> write, int buffer = 1 << 16)
    {
        string? partial = null;
        try
        {
            using (var stream = Create(final, buffer))
            {
                partial = stream.Name;
                write(stream);
            }

            File.Move(partial, final, overwrite: true);
        }
        catch when (partial is not null)
        {
            File.Delete(partial);
            throw;
        }
    }

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
