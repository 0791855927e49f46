using System.CommandLine;
using JourneyLens.Storage;
using JourneyLens.Storage.Maps;
using Microsoft.AspNetCore.Http;

namespace JourneyLens.Web.Api;

/// <summary>
/// A query string made into the arguments of an analysis command: <c>?top=5&amp;step=A&amp;step=B</c> becomes
/// <c>--top 5 --step A --step B</c>. Only the command's own options are taken; workspace and format are the server's;
/// maps can only be named by their saved id (never a file of the server).
/// </summary>
public static class CommandRequest
{
    public const int MaxParameters = 60;
    public const int MaxValueLength = 4_000;

    /// <summary>The options a query may give to <paramref name="command"/>: every option but the server's own.</summary>
    public static IEnumerable<Option> Options(Command command) =>
        command.Options.Where(o => !o.Recursive && o.Name is not ("--help" or "--version" or "--workspace" or "--format" or "--out" or "--output"));

    public static Command Find(RootCommand root, Analysis analysis)
    {
        Command command = root;
        foreach (var name in analysis.Command)
        {
            command = command.Subcommands.Single(c => c.Name == name);
        }

        return command;
    }

    /// <summary>The arguments, or the reason the query cannot be one (a message for a 400).</summary>
    public static (string[]? Args, string? Error) Build(RootCommand root, Analysis analysis, IQueryCollection query, string? argument, string workspace, string format)
    {
        var command = Find(root, analysis);
        var known = Options(command).ToDictionary(o => o.Name.TrimStart('-'), StringComparer.Ordinal);
        var args = new List<string>(analysis.Command);
        if (argument is not null)
        {
            args.Add(argument);
        }

        if (query.Count > MaxParameters)
        {
            return (null, $"at most {MaxParameters} query parameters");
        }

        var mapIds = new List<string>();
        foreach (var (key, values) in query)
        {
            if (!known.TryGetValue(key, out var option))
            {
                return (null, $"unknown parameter '{key}' for {analysis.Slug}; expected one of: {string.Join(", ", known.Keys.Order())}");
            }

            foreach (var value in values)
            {
                if (value is null || value.Length > MaxValueLength)
                {
                    return (null, $"parameter '{key}': at most {MaxValueLength:N0} characters");
                }

                if (value.Length == 0)
                {
                    continue; // an empty form field means "not given"
                }

                if (key == "map")
                {
                    mapIds.Add(value);
                }

                args.Add(option.Name);
                args.Add(value);
            }
        }

        if (analysis.Argument == "map" && argument is not null)
        {
            mapIds.Add(argument);
        }

        if (mapIds.Count > 0)
        {
            if (!Workspace.Exists(workspace))
            {
                return (null, "no data yet: import events first");
            }

            using var open = Workspace.Open(workspace, create: false);
            if (mapIds.FirstOrDefault(id => MapStore.Find(open, id) is null) is { } missing)
            {
                return (null, $"no saved map '{missing}' (maps are named by the id they were saved under)");
            }
        }

        args.AddRange(["--workspace", workspace, "--format", format]);
        return ([.. args], null);
    }
}
