using System.Text;
using System.Xml.Linq;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Output;
using JourneyLens.Application.Registry;
using JourneyLens.Web.Api;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// Every table of a page as CSV and its picture as SVG (PNG is drawn from the SVG in the browser): the same analysis,
/// with the same options, as the page's address — <c>/download/paths/table-1.csv?top=5</c>, <c>/download/paths/picture.svg</c>.
/// </summary>
public static class Downloads
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/download/{analysis}/table-{number:int}.csv", (HttpContext context, IBackendProvider backends, string analysis, int number) =>
            Run(context, backends, analysis, answer => number >= 1 && number <= answer.Tables.Count
                ? Results.File(Csv(answer.Tables[number - 1]), "text/csv; charset=utf-8", $"{analysis}-{Slug(answer.Tables[number - 1].Title, number)}.csv")
                : Problems.Of(StatusCodes.Status404NotFound, "Not found", $"{analysis} shows {answer.Tables.Count} table(s) for these options, not a table {number}.")))
            .RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapGet("/download/{analysis}/picture.svg", (HttpContext context, IBackendProvider backends, string analysis) =>
            Run(context, backends, analysis, answer => answer.Picture?.Invoke() is { } svg
                ? Results.File(Encoding.UTF8.GetBytes(svg), "image/svg+xml", $"{analysis}.svg")
                : Problems.Of(StatusCodes.Status404NotFound, "Not found", $"{analysis} draws no picture for these options.")))
            .RequireAuthorization(Access.Read).ExcludeFromDescription();
    }

    /// <summary>The links under a result's picture: SVG from the server, PNG drawn by app.js from the SVG on the page.</summary>
    public static XElement PictureLinks(string analysis, string query) =>
        E("p", new XAttribute("class", "downloads"), "Download the picture: ",
            E("a", new XAttribute("href", $"/download/{analysis}/picture.svg{query}"), new XAttribute("download", $"{analysis}.svg"), "SVG"), " · ",
            E("a", new XAttribute("href", "#"), new XAttribute("data-png", $"{analysis}.png"), "PNG"));

    /// <summary>The link under table <paramref name="index"/> (from 0) of a result.</summary>
    public static XElement TableLink(string analysis, string query, int index) =>
        E("p", new XAttribute("class", "downloads"),
            E("a", new XAttribute("href", $"/download/{analysis}/table-{index + 1}.csv{query}"), "Download this table as CSV"));

    private static IResult Run(HttpContext context, IBackendProvider backends, string name, Func<Answer, IResult> send)
    {
        if (AnalysisRegistry.Find(name) is not { Argument: null or { Many: true } } analysis)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "Not found", $"There is no analysis '{name}' with tables to download.");
        }

        var outcome = Answering.Run(backends, analysis, () => QueryValues.Read(analysis, context.Request.Query, null, backends.Segments));
        return outcome.Answer is { } answer ? send(answer) : outcome.Problem();
    }

    private static byte[] Csv(Rendering.Tables.DataTable table)
    {
        using var text = new StringWriter();
        TableCsv.Write(text, table);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A file name part from a table's title: letters and digits, dashes between words.</summary>
    private static string Slug(string title, int number)
    {
        var words = new string([.. title.Take(60).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? $"table-{number}" : string.Join('-', words);
    }
}
