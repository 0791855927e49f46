using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Application.Saved;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using Microsoft.AspNetCore.Http;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>What the filter bar offers besides its boxes: the data's range, the saved segments, the property names.</summary>
public sealed record FilterAids(DataRange? Range, IReadOnlyList<SavedSegment> Saved, IReadOnlyList<string> Properties)
{
    public static FilterAids Of(IAnalysisBackend backend, SavedSegments segments) =>
        new(backend.Answer(new DataRangeQuery(Selection.All)), segments.All(), backend.Answer(new PropertyNamesQuery(Selection.All)));

    /// <summary>The aids from a backend of its own (null when the workspace has no data yet).</summary>
    public static FilterAids? Of(IBackendProvider backends)
    {
        if (!backends.HasData)
        {
            return null;
        }

        using var backend = backends.Open();
        return Of(backend, backends.Segments);
    }
}

/// <summary>
/// The date range and segment of every analysis form, for people who do not write filters: the data's range with
/// presets (links, so they work without the script), the saved segments offered in the segment box, and a builder
/// that writes the filter from the workspace's own values (app.js fills its value list from /api/values).
/// </summary>
public static class FilterBar
{
    public const string SavedList = "saved-segments";

    public static XElement Render(IReadOnlyList<Parameter> filters, IQueryCollection query, FilterAids? aids, Func<Parameter, XElement> field) =>
        E("fieldset", new XAttribute("class", "filters"), E("legend", "Date range and segment"),
            aids?.Range is { } range ? Presets(range, query) : null,
            filters.Select(field),
            aids is null ? null : Builder(aids),
            aids is null ? null : E("datalist", new XAttribute("id", SavedList),
                aids.Saved.Select(s => E("option", new XAttribute("value", "@" + s.Name), s.Description ?? s.Filter))));

    /// <summary>The data's first and last day, and the last 7, 30 and 90 days of it (not of today: data is often historical).</summary>
    private static XElement Presets(DataRange range, IQueryCollection query)
    {
        var (first, last) = (DateOnly.FromDateTime(range.First.DateTime), DateOnly.FromDateTime(range.Last.DateTime));
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        XElement Preset(string label, DateOnly? from, DateOnly? to) =>
            E("a", new XAttribute("href", AnalysisPages.With(query, ("from", from is null ? null : Day(from.Value)), ("to", to is null ? null : Day(to.Value)))), label);
        var presets = new List<object> { Preset("whole range", null, null) };
        foreach (var days in new[] { 7, 30, 90 })
        {
            if (last.DayNumber - first.DayNumber + 1 > days)
            {
                presets.Add(" · ");
                presets.Add(Preset($"last {days} days", last.AddDays(1 - days), last.AddDays(1)));
            }
        }

        return E("p", new XAttribute("class", "data-range"),
            E("span", $"Data from {Day(first)} to {Day(last)} ({last.DayNumber - first.DayNumber + 1:N0} days). "), presets);
    }

    /// <summary>Pick a field, a comparison and values (with how many persons have each); Add writes the condition into the segment box.</summary>
    public static XElement Builder(FilterAids aids) =>
        E("details", new XAttribute("class", "builder"),
            E("summary", "Build a segment from the data"),
            E("div", new XAttribute("class", "builder-row"),
                Labelled("b-field", "Persons with an event whose",
                    E("select", new XAttribute("id", "b-field"),
                        E("option", new XAttribute("value", "channel"), "channel"),
                        E("option", new XAttribute("value", "touchpoint"), "touchpoint"),
                        E("option", new XAttribute("value", "outcome"), "outcome"),
                        aids.Properties.Count == 0 ? null : E("optgroup", new XAttribute("label", "properties"),
                            aids.Properties.Select(p => E("option", new XAttribute("value", "prop." + p), p))),
                        E("optgroup", new XAttribute("label", "survey answers"),
                            E("option", new XAttribute("value", "score:nps"), "NPS answer (0–10)"),
                            E("option", new XAttribute("value", "score:csat"), "CSAT answer (1–5)"),
                            E("option", new XAttribute("value", "score:ces"), "CES answer (1–7)")))),
                Labelled("b-op", "is",
                    E("select", new XAttribute("id", "b-op"),
                        E("option", new XAttribute("value", "in"), "one of"),
                        E("option", new XAttribute("value", "not in"), "none of"))),
                E("span", new XAttribute("class", "b-values"),
                    Labelled("b-value", "values (persons)", E("select", new XAttribute("id", "b-value"), new XAttribute("multiple", "multiple"), new XAttribute("size", "6")))),
                E("span", new XAttribute("class", "b-range"), new XAttribute("hidden", "hidden"),
                    Labelled("b-min", "from", E("input", new XAttribute("type", "number"), new XAttribute("id", "b-min"), new XAttribute("step", "1"))),
                    Labelled("b-max", "to", E("input", new XAttribute("type", "number"), new XAttribute("id", "b-max"), new XAttribute("step", "1")))),
                E("button", new XAttribute("type", "button"), new XAttribute("id", "b-add"), "Add to segment"),
                E("button", new XAttribute("type", "button"), new XAttribute("id", "b-clear"), "Clear segment")),
            E("p", new XAttribute("class", "meta"), E("output", new XAttribute("id", "b-preview"), new XAttribute("aria-live", "polite"))),
            aids.Properties.Count == 0 ? null : E("p", new XAttribute("class", "meta"),
                $"Properties as seen in the first {Application.Backends.Embedded.EmbeddedBackend.PropertyNamesSampled:N0} events that have any; any other is usable as prop.NAME."));

    private static XElement Labelled(string id, string label, XElement control) =>
        E("span", new XAttribute("class", "b-part"), E("label", new XAttribute("for", id), label), control);
}
