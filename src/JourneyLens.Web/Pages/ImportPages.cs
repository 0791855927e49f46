using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Xml.Linq;
using JourneyLens.Application.Imports;
using JourneyLens.Application.Parameters;
using JourneyLens.Rendering.Tables;
using JourneyLens.Storage;
using JourneyLens.Storage.Import;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using static JourneyLens.Rendering.Html.HtmlPage;
using JourneyLens.Core.Errors;

namespace JourneyLens.Web.Pages;

/// <summary>
/// Import a file from the browser: upload, see the detected mapping, a sample and what would be quarantined (a dry
/// run), then import and see the quarantined rows with their reasons: the same importer and tables as <c>journeylens import</c>.
/// </summary>
public static class ImportPages
{
    private const int QuarantineRowsShown = 100;
    private static readonly string[] s_optionFields = ["map", "timezone", "default-channel", "timestamp-format", "delimiter", "lifecycle"];

    public static void Map(IEndpointRouteBuilder app, WebSettings settings)
    {
        app.MapGet("/import", (HttpContext context) => Layout.Page("Import", "/import", UploadForm(context))).RequireAuthorization(Access.Admin).ExcludeFromDescription();
        app.MapPost("/import/preview", (HttpContext context, WebSettings s) => Preview(context, s)).RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/import/commit", (HttpContext context, WebSettings s) => Commit(context, s)).RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
    }

    private static XElement UploadForm(HttpContext context) =>
        E("form", new XAttribute("method", "post"), new XAttribute("action", "/import/preview"), new XAttribute("enctype", "multipart/form-data"), new XAttribute("class", "analysis"),
            Layout.Antiforgery(context),
            E("fieldset", E("legend", "File"),
                E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", "f-file"), "file"),
                    E("input", new XAttribute("type", "file"), new XAttribute("name", "file"), new XAttribute("id", "f-file"), new XAttribute("required", "required")),
                    E("small", "CSV, JSON lines (Segment-style or flat) or XES, optionally gzipped; columns are recognised by name (docs/importing.md)"))),
            E("fieldset", E("legend", "Options (only when the detected mapping needs help)"), OptionFields(null)),
            E("button", new XAttribute("type", "submit"), "Upload and preview"));

    private static IEnumerable<XElement> OptionFields(IFormCollection? given) =>
        s_optionFields.Select(name => E("div", new XAttribute("class", "field"),
            E("label", new XAttribute("for", "f-" + name), name),
            name == "map"
                ? E("textarea", new XAttribute("name", name), new XAttribute("id", "f-" + name), new XAttribute("rows", "3"), given?[name].ToString() ?? "")
                : E("input", new XAttribute("type", "text"), new XAttribute("name", name), new XAttribute("id", "f-" + name), new XAttribute("value", given?[name].ToString() ?? "")),
            name == "map" ? E("small", "field=column, one per line, e.g. touchpoint=Activity") : null));

    private static async Task<IResult> Preview(HttpContext context, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxUploadBytes) is not { } form)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "File too large", $"Upload at most {settings.MaxUploadBytes >> 20:N0} MB here; import larger files with journeylens import.");
        }

        if (form.Files["file"] is not { Length: > 0 } file)
        {
            return Layout.Page("Import", "/import", Layout.Message("Choose a file to import."), UploadForm(context));
        }

        var token = Guid.NewGuid().ToString("N");
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(Uploads(settings), token)).FullName, SafeName(file.FileName));
        await using (var target = File.Create(path))
        {
            await file.CopyToAsync(target, context.RequestAborted);
        }

        var run = Import(settings, null, path, form, dryRun: true);
        if (run.Error is { } error)
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
            return Layout.Page("Import", "/import", Layout.Message(error), UploadForm(context));
        }

        return Layout.Page("Import: preview", "/import",
            Layout.Message("Nothing is imported yet. Check the detected mapping and the sample; then import, or change the options and upload again.", alert: false),
            run.Result,
            E("form", new XAttribute("method", "post"), new XAttribute("action", "/import/commit"), new XAttribute("class", "analysis"),
                Layout.Antiforgery(context),
                E("input", new XAttribute("type", "hidden"), new XAttribute("name", "upload"), new XAttribute("value", token)),
                s_optionFields.Select(name => E("input", new XAttribute("type", "hidden"), new XAttribute("name", name), new XAttribute("value", form[name].ToString()))),
                E("button", new XAttribute("type", "submit"), "Import")));
    }

    private static async Task<IResult> Commit(HttpContext context, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var token = form["upload"].ToString();
        var folder = Guid.TryParseExact(token, "N", out _) ? Path.Combine(Uploads(settings), token) : null;
        var path = folder is not null && Directory.Exists(folder) ? Directory.EnumerateFiles(folder).FirstOrDefault() : null;
        if (path is null)
        {
            return Layout.Page("Import", "/import", Layout.Message("That upload is gone (each upload can be imported once); upload the file again."), UploadForm(context));
        }

        try
        {
            var run = Import(settings, context.RequestServices.GetRequiredService<Storage.Engine.EngineLoader>(), path, form, dryRun: false);
            if (run.Error is { } error)
            {
                return Layout.Page("Import", "/import", Layout.Message(error), UploadForm(context));
            }

            return Layout.Page("Import: done", "/import", run.Result, Quarantine(settings, Path.GetFileName(path)), E("p", E("a", new XAttribute("href", "/"), "See the overview")));
        }
        finally
        {
            Directory.Delete(folder!, recursive: true); // an upload is imported once
        }
    }

    /// <summary>The upload imported (or its dry run) with the form's reading options: its tables, or the reason it was refused.</summary>
    private static (XElement? Result, string? Error) Import(WebSettings settings, Storage.Engine.EngineLoader? engines, string path, IFormCollection form, bool dryRun)
    {
        try
        {
            var values = new ParameterValues(ReadingParameters.All);
            foreach (var name in s_optionFields)
            {
                var texts = (name == "map" ? form[name].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [form[name].ToString().Trim()])
                    .Where(v => v.Length > 0).Take(ReadingParameters.MaxMappings).ToList();
                if (texts.Count > 0)
                {
                    values.Set(name, ReadingParameters.All.Single(p => p.Name == name).Parse(texts));
                }
            }

            using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
            var summary = new Importer(workspace, engines).Import(path, ReadingParameters.Options(values), new ImportSettings { DryRun = dryRun, MaySwitchJournal = false });
            return (ResultFragment.Element(null, ImportReport.Tables([summary])), null);
        }
        catch (Exception e) when (e is RequestException or InputException or AnalysisException or IOException)
        {
            return (null, e.Message);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 /* BUSY, LOCKED */)
        {
            return (null, "the workspace is busy (another import is running); try again when it has finished");
        }
    }

    /// <summary>The first quarantined rows of the import just made of this file, with line, field and reason.</summary>
    private static XElement? Quarantine(WebSettings settings, string fileName)
    {
        var folder = Storage.Workspace.QuarantineFolderOf(settings.Workspace);
        var file = Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles($"import-*-{fileName}.jsonl").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;
        if (file is null)
        {
            return Layout.Message("No rows were quarantined.", alert: false);
        }

        var rows = File.ReadLines(file).Take(QuarantineRowsShown).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            return (IReadOnlyList<string>)[r.GetProperty("line").ToString(), r.GetProperty("field").GetString() ?? "", r.GetProperty("reason").GetString() ?? "", r.GetProperty("found").GetString() ?? ""];
        }).ToList();
        return E("section", E("h2", $"Quarantined rows (the first {rows.Count}; all in {Path.GetFileName(file)})"), Table(["line", "field", "reason", "found"], rows));
    }

    private static string Uploads(WebSettings settings)
    {
        var folder = Path.Combine(settings.Workspace, "uploads");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string SafeName(string name)
    {
        var safe = new string(Path.GetFileName(name).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return safe.Length is 0 or > 100 ? "upload.csv" : safe;
    }
}
