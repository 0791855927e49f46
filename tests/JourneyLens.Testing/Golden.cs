using System.Text.RegularExpressions;

namespace JourneyLens.Testing;

/// <summary>
/// Golden outputs: what a command or request gave before a change, kept in the repository and compared byte for
/// byte after it. <c>JOURNEYLENS_GOLDEN=update</c> writes the files instead (review the diff before committing);
/// a missing file fails, so a new case is never accepted silently.
/// </summary>
public static partial class Golden
{
    /// <summary>
    /// Times of "now" (a map's save time, a measurement's date: ISO with an offset, or yyyy-MM-dd HH:mm as tables
    /// show them; the data's own times are ISO in UTC with a Z) trace ids and antiforgery tokens are the only parts masked.
    /// </summary>
    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d")]
    private static partial Regex SaveTime();

    /// <summary>A form's antiforgery token differs per request.</summary>
    [GeneratedRegex(@"name=""__RequestVerificationToken"" value=""[^""]*""")]
    private static partial Regex AntiforgeryToken();

    /// <summary>A problem's trace id differs per request.</summary>
    [GeneratedRegex(@"""trace_id"":""[^""]*""")]
    private static partial Regex TraceId();

    public static bool Updating => Environment.GetEnvironmentVariable("JOURNEYLENS_GOLDEN") == "update";

    /// <param name="folder">The folder under the repository root, e.g. tests/JourneyLens.Cli.Tests/Golden/cli.</param>
    public static void Check(string folder, string name, string actual)
    {
        var path = Path.Combine(TestFiles.RepositoryRoot, folder, name + ".txt");
        var masked = TraceId().Replace(SaveTime().Replace(actual.ReplaceLineEndings("\n"), "(time of saving)"), "\"trace_id\":\"(per request)\"");
        masked = AntiforgeryToken().Replace(masked, "name=\"__RequestVerificationToken\" value=\"(per request)\"");
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, masked);
            return;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no golden output {path}; run the tests with JOURNEYLENS_GOLDEN=update once and review it", path);
        }

        var expected = File.ReadAllText(path);
        if (expected != masked)
        {
            var at = Enumerable.Range(0, Math.Min(expected.Length, masked.Length)).FirstOrDefault(i => expected[i] != masked[i], Math.Min(expected.Length, masked.Length));
            throw new Xunit.Sdk.XunitException(
                $"{name}: output differs from {path} at character {at}:\n expected …{Around(expected, at)}…\n actual   …{Around(masked, at)}…");
        }
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 60), Math.Min(text.Length, at + 60) - Math.Max(0, at - 60)).ReplaceLineEndings("⏎");
}
