using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Rendering.Tables;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Core.Errors;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens keys create | list | revoke</c>: API keys of the web app, kept hashed in the workspace.</summary>
public static class KeysCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "A name for the key: who or what uses it" };
    private static readonly Option<KeyScope> Scope = new("--scope") { Description = "ingest (may only send events), read (analyses and pages) or admin (also maps and imports)", DefaultValueFactory = _ => KeyScope.Read };

    public static Command Create(CliContext context)
    {
        var create = new Command("create", "Create a key; it is shown once, only its hash is kept");
        create.Arguments.Add(Name);
        create.Options.Add(Scope);
        create.SetAction(parse =>
        {
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: true, context.Clock);
            var key = ApiKeys.Create(workspace, parse.GetValue(Name)!, parse.GetValue(Scope));
            context.Out.WriteLine(key);
            context.Error.WriteLine($"key '{parse.GetValue(Name)}' ({parse.GetValue(Scope).ToString().ToLowerInvariant()}) created; keep it now, it cannot be shown again");
            return ExitCode.Ok;
        });

        var list = new Command("list", "The keys: name, scope, created, revoked (never the key itself)");
        list.SetAction(parse =>
        {
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false, context.Clock);
            var keys = ApiKeys.List(workspace);
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(keys, new DataTable($"API keys: {keys.Count}", ["name", "scope", "created (UTC)", "revoked (UTC)"],
                keys.Select(k => (IReadOnlyList<string>)[k.Name, k.Scope.ToString().ToLowerInvariant(), Time(k.Created), k.Revoked is { } r ? Time(r) : ""]).ToList()));
            return ExitCode.Ok;
        });

        var revoke = new Command("revoke", "Revoke a key by name: it stops working at once");
        revoke.Arguments.Add(Name);
        revoke.SetAction(parse =>
        {
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: false, context.Clock);
            var name = parse.GetValue(Name)!;
            if (!ApiKeys.Revoke(workspace, name))
            {
                throw new Core.Errors.InputException($"no active key named '{name}' (journeylens keys list shows them)");
            }

            context.Error.WriteLine($"key '{name}' revoked");
            return ExitCode.Ok;
        });

        return new Command("keys", "API keys of the web app: create, list, revoke") { create, list, revoke };
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
