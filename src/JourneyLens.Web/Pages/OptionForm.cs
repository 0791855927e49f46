using System.CommandLine;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// The form of an analysis, made from its command's own options (name, description, type), so the page offers
/// exactly what the CLI and the API accept. It submits with GET: every result has a link that can be shared.
/// </summary>
public static class OptionForm
{
    /// <summary>The options every analysis shares: shown as the filter bar.</summary>
    private static readonly HashSet<string> s_filters = ["from", "to", "segment", "where", "journey-gap"];

    /// <summary>Options whose values are touchpoints: offered from the workspace's own names.</summary>
    private static readonly HashSet<string> s_touchpointOptions = ["step", "start", "end", "goal", "exclude", "about", "touchpoint"];

    /// <summary>Options most people leave alone: folded under "More options" unless one is set.</summary>
    private static readonly HashSet<string> s_more = ["node", "lens", "by", "by-segment", "groups", "clock", "edge-label", "min-share", "count", "exclude"];

    public const string TouchpointList = "touchpoints";

    public static XElement Render(IEnumerable<Option> options, IQueryCollection query, IReadOnlyList<string> touchpoints, string submit = "Run")
    {
        var all = options.ToList();
        var filters = all.Where(o => s_filters.Contains(Key(o))).ToList();
        var own = all.Where(o => !s_filters.Contains(Key(o))).ToList();
        return E("form", new XAttribute("method", "get"), new XAttribute("class", "analysis"),
            own.Count == 0 ? null : E("fieldset", E("legend", "Analysis"),
                own.Where(o => !s_more.Contains(Key(o))).Select(o => Field(o, query)),
                More(own.Where(o => s_more.Contains(Key(o))).ToList(), query)),
            filters.Count == 0 ? null : E("fieldset", new XAttribute("class", "filters"), E("legend", "Date range and segment"), filters.Select(o => Field(o, query))),
            E("datalist", new XAttribute("id", TouchpointList), touchpoints.Select(t => E("option", new XAttribute("value", t)))),
            E("button", new XAttribute("type", "submit"), submit));
    }

    /// <summary>The folded options; open when one of them is set.</summary>
    private static XElement? More(IReadOnlyList<Option> more, IQueryCollection query) =>
        more.Count == 0 ? null : E("details", new XAttribute("class", "more"),
            more.Any(o => query.ContainsKey(Key(o))) ? new XAttribute("open", "open") : null,
            E("summary", "More options"),
            more.Select(o => Field(o, query)));

    private static string Key(Option option) => option.Name.TrimStart('-');

    private static XElement Field(Option option, IQueryCollection query)
    {
        var key = Key(option);
        var values = query[key].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        object control;
        if (type == typeof(bool))
        {
            control = E("input", new XAttribute("type", "checkbox"), new XAttribute("name", key), new XAttribute("value", "true"), new XAttribute("id", "f-" + key),
                values.Contains("true", StringComparer.OrdinalIgnoreCase) ? new XAttribute("checked", "checked") : null);
        }
        else if (type.IsEnum)
        {
            control = E("select", new XAttribute("name", key), new XAttribute("id", "f-" + key),
                E("option", new XAttribute("value", ""), "(default)"),
                Enum.GetNames(type).Select(n => n.ToLowerInvariant()).Select(n =>
                    E("option", new XAttribute("value", n), values.Contains(n, StringComparer.OrdinalIgnoreCase) ? new XAttribute("selected", "selected") : null, n)));
        }
        else if (type.IsArray)
        {
            // A repeatable option: one box per value given, and room for more.
            var boxes = values.Concat(Enumerable.Repeat("", Math.Max(1, (key == "step" ? 4 : 2) - values.Count))).ToList();
            control = E("span", new XAttribute("class", "repeat"), boxes.Select((v, i) => Input(option, key, v, i == 0 ? "f-" + key : null)));
        }
        else
        {
            control = Input(option, key, values.FirstOrDefault() ?? "", "f-" + key);
        }

        return E("div", new XAttribute("class", "field"),
            E("label", new XAttribute("for", "f-" + key), key),
            control,
            E("small", option.Description ?? ""));
    }

    private static XElement Input(Option option, string key, string value, string? id)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        var inputType = key is "from" or "to" || key.EndsWith("-from", StringComparison.Ordinal) || key.EndsWith("-to", StringComparison.Ordinal) ? "date"
            : type == typeof(int) || type == typeof(double) ? "number" : "text";
        return E("input", new XAttribute("type", inputType), new XAttribute("name", key), new XAttribute("value", value),
            id is null ? null : new XAttribute("id", id),
            inputType == "number" ? new XAttribute("step", "any") : null,
            s_touchpointOptions.Contains(key) ? new XAttribute("list", TouchpointList) : null);
    }
}
