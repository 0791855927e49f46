namespace JourneyLens.Testing;

/// <summary>Where the repository and the shared data are, found from the test binary's folder upwards.</summary>
public static class TestFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>../shared/data/real beside the repository (CI checks it out there).</summary>
    public static string RealData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", "real"));

    public static string Real(string name)
    {
        var path = Path.Combine(RealData, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"real data file {path} is missing: the tests need ../shared beside the repository", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JourneyLens.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find JourneyLens.slnx above " + AppContext.BaseDirectory);
    }
}
