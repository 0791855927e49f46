using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>
/// Docs that run (#20, item 10): every `journeylens …` command in a fenced block of README.md and docs/*.md is run by the
/// real command, in doc order, in a folder holding a generated workspace and the files the examples name. A block
/// preceded by <c>&lt;!-- docs-test: skip REASON --&gt;</c> is not run (a server, a syntax summary); one preceded by
/// <c>&lt;!-- docs-test: error --&gt;</c> must fail cleanly (exit 1 or 2, no stack trace).
/// </summary>
public partial class DocsCommandsTests
{
    private sealed record DocCommand(string File, int Line, string Text, string? Mark);

    [Fact]
    public void Every_example_command_in_the_readme_and_docs_runs()
    {
        var repo = RepositoryRoot();
        var docs = new[] { Path.Combine(repo, "README.md") }.Concat(Directory.GetFiles(Path.Combine(repo, "docs"), "*.md").Order(StringComparer.Ordinal)).ToList();
        using var temp = new TempFolder();
        var template = temp.File("template");
        BuildFixture(template, repo);

        var failures = new List<string>();
        var ran = 0;
        foreach (var doc in docs)
        {
            var commands = Extract(doc).ToList();
            if (commands.Count == 0)
            {
                continue;
            }

            // Each document on its own copy: its commands build on each other (map new, then map validate) in order.
            var folder = temp.File(Path.GetFileNameWithoutExtension(doc));
            CopyFolder(template, folder);
            foreach (var command in commands.Where(c => c.Mark is null || !c.Mark.StartsWith("skip", StringComparison.Ordinal)))
            {
                ran++;
                var (code, stdout, stderr) = Run(folder, command.Text);
                var where = $"{Path.GetRelativePath(repo, command.File)}:{command.Line}: {command.Text}";
                if (stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("internal error", StringComparison.Ordinal))
                {
                    failures.Add($"{where}\n    stack trace or internal error: {stderr.Trim()}");
                }
                else if (command.Mark == "error" ? code is not (1 or 2) : code != 0)
                {
                    failures.Add($"{where}\n    exit {code}: {stderr.Trim().Split('\n').FirstOrDefault()}");
                }
                else if (command.Mark != "error" && stdout.Length == 0 && !command.Text.Contains(" -o ", StringComparison.Ordinal)
                    && !command.Text.Contains("--out", StringComparison.Ordinal) && !command.Text.Contains('>') && stderr.Length == 0)
                {
                    failures.Add($"{where}\n    printed nothing");
                }
            }
        }

        ran.ShouldBeGreaterThan(60, "the docs hold more examples than this: the extraction is broken");
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public void Every_recipe_in_the_import_docs_reads()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "importing.md"));
        var recipes = RecipeBlock().Matches(text[text.IndexOf("## Import recipes", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToList();
        recipes.Count.ShouldBeGreaterThanOrEqualTo(4, "the four shapes of issue #20 and the call centre");
        using var temp = new TempFolder();
        foreach (var recipe in recipes)
        {
            var file = temp.Write($"recipe-{recipes.IndexOf(recipe)}.yaml", recipe);
            var read = Application.Imports.ImportRecipe.Load(file);
            (read.Has("map") || read.Steps.Count > 0).ShouldBeTrue(recipe);
            var values = new Application.Parameters.ParameterValues(Application.Imports.ReadingParameters.All) { LocalFiles = true };
            values.Set("recipe", file);
            Application.Imports.ReadingParameters.Options(values); // every value of it accepted, as an import would take it
        }
    }

    [Fact]
    public void Commands_are_split_as_a_shell_splits_them()
    {
        Words("journeylens measure save b --metric nps@\"Collected baggage\" --where \"channel = 'web'\"  # a comment").ShouldBe(
            ["journeylens", "measure", "save", "b", "--metric", "nps@Collected baggage", "--where", "channel = 'web'"]);
        Words("journeylens paths --end 'Called contact centre' --steps 3").ShouldBe(["journeylens", "paths", "--end", "Called contact centre", "--steps", "3"]);
        Words("journeylens funnel --step \"a#b\"").ShouldBe(["journeylens", "funnel", "--step", "a#b"]);
    }

    /// <summary>The commands of one document: lines of fenced blocks starting with "journeylens", continuation lines joined.</summary>
    private static IEnumerable<DocCommand> Extract(string file)
    {
        var lines = File.ReadAllLines(file);
        string? mark = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (MarkPattern().Match(lines[i]) is { Success: true } m)
            {
                mark = m.Groups[1].Value.Trim();
                continue;
            }

            if (!lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (lines[i].Trim().Length > 0)
                {
                    mark = null; // a mark belongs to the block right after it
                }

                continue;
            }

            var blockMark = mark;
            mark = null;
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                var start = i;
                var text = lines[i].Trim();
                while (text.EndsWith('\\') && i + 1 < lines.Length)
                {
                    text = text[..^1] + " " + lines[++i].Trim();
                }

                if (text.StartsWith("$ ", StringComparison.Ordinal))
                {
                    text = text[2..];
                }

                if (text.StartsWith("journeylens ", StringComparison.Ordinal))
                {
                    yield return new DocCommand(file, start + 1, text, blockMark);
                }
            }
        }
    }

    /// <summary>Runs one documented command line in <paramref name="folder"/>: globs expanded, a final "> FILE" redirected.</summary>
    private static (int Code, string Out, string Error) Run(string folder, string text)
    {
        var words = Words(text);
        string? redirect = null;
        if (words.Count > 2 && words[^2] == ">")
        {
            redirect = words[^1];
            words.RemoveRange(words.Count - 2, 2);
        }

        var args = new List<string> { "exec", Path.Combine(AppContext.BaseDirectory, "journeylens.dll") };
        foreach (var word in words.Skip(1))
        {
            args.AddRange(word.Contains('*') && Path.GetDirectoryName(word) is { } dir
                ? Directory.GetFiles(Path.Combine(folder, dir), Path.GetFileName(word)).Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(folder, f))
                : [word]);
        }

        var start = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("JOURNEYLENS_WORKSPACE");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", "timed out after 2 minutes");
        }

        if (redirect is not null)
        {
            File.WriteAllText(Path.Combine(folder, redirect), stdout.Result);
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Words as a POSIX shell splits them: quotes group (and join with what touches them), # starts a comment.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>A workspace of generated airline data with its catalogue and a saved map, and every file an example names.</summary>
    private static void BuildFixture(string folder, string repo)
    {
        Directory.CreateDirectory(folder);
        string In(string name) => Path.Combine(folder, name);
        var ws = In("journeylens");
        Cli.Run("generate", "airline", "--customers", "3000", "--seed", "7", "-o", In("events.csv"), "--catalogue", In("airline.touchpoints.yaml")).ExitCode.ShouldBe(0);
        File.Copy(In("airline.touchpoints.yaml"), In("touchpoints.yaml"));
        Cli.Run("import", In("events.csv"), "-w", ws).ExitCode.ShouldBe(0);
        Cli.Run("catalogue", "import", In("airline.touchpoints.yaml"), "-w", ws).ExitCode.ShouldBe(0);
        CopyFolder(Path.Combine(repo, "samples"), In("samples"));
        Cli.Run("map", "save", In("samples/maps/airline-door-to-door.yaml"), "-w", ws).ExitCode.ShouldBe(0);
        var sample = File.ReadAllText(In("samples/maps/airline-door-to-door.yaml"));
        File.WriteAllText(In("other.yaml"), sample.Replace("id: airline-door-to-door", "id: other-door-to-door", StringComparison.Ordinal));
        File.WriteAllText(In("future.yaml"), sample.Replace("id: airline-door-to-door", "id: airline-future", StringComparison.Ordinal)
            .Replace("state: current", "state: future\ncompare_to: airline-door-to-door", StringComparison.Ordinal));
        Cli.Run("map", "new", "--template", "blueprint", "-o", In("my-map.yaml")).ExitCode.ShouldBe(0);

        // The other files the examples import: a CRM's calls (with the person the README looks up), web events with a
        // webshop's steps, a Dutch export, orders with an Activity column, an XES log, and the #20 shapes.
        File.WriteAllLines(In("crm-calls.csv"), ["timestamp,email,touchpoint,channel",
            "2025-03-01T09:00:00Z,ann@example.com,Called contact centre,phone", "2025-03-03T10:00:00Z,ann@example.com,Called contact centre,phone"]);
        string[] web = [.. Enumerable.Range(1, 20).SelectMany(i => new[]
        {
            $"{{\"type\":\"track\",\"userId\":\"web-{i}\",\"event\":\"Added to cart\",\"timestamp\":\"2025-03-0{1 + (i % 5)}T10:00:00Z\",\"context\":{{\"channel\":\"web\"}}}}",
            i % 3 == 0 ? "" : $"{{\"type\":\"track\",\"userId\":\"web-{i}\",\"event\":\"Started checkout\",\"timestamp\":\"2025-03-0{1 + (i % 5)}T10:05:00Z\",\"context\":{{\"channel\":\"web\"}}}}",
            i % 2 == 0 ? "" : $"{{\"type\":\"track\",\"userId\":\"web-{i}\",\"event\":\"Paid order\",\"timestamp\":\"2025-03-0{1 + (i % 5)}T10:09:00Z\",\"context\":{{\"channel\":\"web\"}}}}",
        }).Where(l => l.Length > 0)];
        File.WriteAllLines(In("web.jsonl"), web);
        File.WriteAllLines(In("web-events.jsonl"), web);
        Cli.Run("import", In("web.jsonl"), "-w", ws).ExitCode.ShouldBe(0); // the webshop steps the analyses' examples name
        File.WriteAllLines(In("export.csv"), ["customer_id,timestamp,touchpoint,channel", "X1,2025-03-01T09:00:00Z,Requested quote,web", "X1,2025-03-02T10:30:00Z,Accepted quote,email"]);
        File.WriteAllLines(In("klanten.csv"), ["Klantnr;timestamp;Stap", "K1;2025-03-01 09:00:00;Offerte aangevraagd", "K1;2025-03-02 10:30:00;Offerte geaccepteerd"]);
        using (var gz = new GZipStream(File.Create(In("orders.csv.gz")), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes("timestamp,customer_id,Activity\n2025-03-01T09:00:00Z,O1,Added to cart\n2025-03-01T09:10:00Z,O1,Paid order\n2025-03-02T09:00:00Z,O2,Added to cart\n"));
        }

        using (var gz = new GZipStream(File.Create(In("log.xes.gz")), CompressionLevel.Fastest))
        {
            gz.Write(File.ReadAllBytes(TestFiles.Real("running-example.xes")));
        }

        File.WriteAllLines(In("calls.csv"), ["vru.line,call_id,customer_id,date,vru_entry,vru_exit,q_start,q_exit,ser_start,ser_exit",
            "AA0101,1,9664491,990101,0:00:31,0:00:36,0:00:36,0:03:09,0:03:09,0:06:25"]);
        File.WriteAllLines(In("sessions.csv"), ["user_id,session_date,offset_ms,searched,messaged,requested", "u1,2016-02-01,3600000,1,1,0"]);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JourneyLens.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (JourneyLens.slnx) is not above the test's folder");
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex RecipeBlock();

    [GeneratedRegex(@"^\s*<!--\s*docs-test:\s*(.+?)\s*-->\s*$")]
    private static partial Regex MarkPattern();
}
