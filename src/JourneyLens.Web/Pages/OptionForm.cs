using JourneyLens.Application.Parameters;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// The form of an analysis, made from its registry parameters (name, description, type), so the page offers exactly
/// what the CLI and the API accept. It submits with GET: every result has a link that can be shared.
/// </summary>
public static class OptionForm
{
    public const string TouchpointList = "touchpoints";

    /// <param name="choices">For a repeatable option whose values come from the workspace (saved personas): ticked boxes instead of text boxes.</param>
    public static XElement Render(IEnumerable<Parameter> parameters, IQueryCollection query, IReadOnlyList<string> touchpoints, string submit = "Run", FilterAids? aids = null,
        IReadOnlyDictionary<string, IReadOnlyList<(string Value, string Text)>>? choices = null)
    {
        XElement FieldOf(Parameter o, IQueryCollection q) => choices?.GetValueOrDefault(o.Name) is { } c ? Ticks(o, q, c) : Field(o, q);
        var all = parameters.ToList();
        var filters = all.Where(o => o.Place == ParameterPlace.Filter).ToList();
        var own = all.Where(o => o.Place != ParameterPlace.Filter).ToList();
        return E("form", new XAttribute("method", "get"), new XAttribute("class", "analysis"),
            own.Count == 0 ? null : E("fieldset", E("legend", "Analysis"),
                own.Where(o => o.Place == ParameterPlace.Analysis).Select(o => FieldOf(o, query)),
                More(own.Where(o => o.Place == ParameterPlace.More).ToList(), query, FieldOf)),
            filters.Count == 0 ? null : FilterBar.Render(filters, query, aids, o => FieldOf(o, query)),
            E("datalist", new XAttribute("id", TouchpointList), touchpoints.Select(t => E("option", new XAttribute("value", t)))),
            E("button", new XAttribute("type", "submit"), submit));
    }

    /// <summary>The folded options; open when one of them is set.</summary>
    private static XElement? More(IReadOnlyList<Parameter> more, IQueryCollection query, Func<Parameter, IQueryCollection, XElement> field) =>
        more.Count == 0 ? null : E("details", new XAttribute("class", "more"),
            more.Any(o => query.ContainsKey(o.Name)) ? new XAttribute("open", "open") : null,
            E("summary", "More options"),
            more.Select(o => field(o, query)));

    /// <summary>A box to tick per choice, for a repeatable option; none to tick is said, not shown empty.</summary>
    private static XElement Ticks(Parameter option, IQueryCollection query, IReadOnlyList<(string Value, string Text)> choices)
    {
        var ticked = query[option.Name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        return E("fieldset", new XAttribute("class", "field ticks"), E("legend", option.Label),
            choices.Count == 0 ? E("small", "None to choose from yet.") : null,
            choices.Select((c, i) => E("label", new XAttribute("class", "tick"),
                E("input", new XAttribute("type", "checkbox"), new XAttribute("name", option.Name), new XAttribute("value", c.Value), new XAttribute("id", $"f-{option.Name}-{i}"),
                    ticked.Contains(c.Value) ? new XAttribute("checked", "checked") : null),
                " ", c.Text)),
            E("small", option.Description ?? ""));
    }

    private static XElement Field(Parameter option, IQueryCollection query)
    {
        var key = option.Name;
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
            // The first box is named by the field's label; the others by their place.
            control = E("span", new XAttribute("class", "repeat"), boxes.Select((v, i) => Input(option, key, v, i == 0 ? "f-" + key : null, i == 0 ? null : $"{key} {i + 1}")));
        }
        else
        {
            control = Input(option, key, values.FirstOrDefault() ?? "", "f-" + key);
        }

        return E("div", new XAttribute("class", "field"),
            E("label", new XAttribute("for", "f-" + key), option.Label),
            control,
            E("small", option.Description ?? ""));
    }

    private static XElement Input(Parameter option, string key, string value, string? id, string? label = null)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        var inputType = option.Kind == TextKind.Date ? "date"
            : type == typeof(int) || type == typeof(long) || type == typeof(double) ? "number" : "text";
        return E("input", new XAttribute("type", inputType), new XAttribute("name", key), new XAttribute("value", value),
            id is null ? null : new XAttribute("id", id),
            label is null ? null : new XAttribute("aria-label", label),
            inputType == "number" ? new XAttribute("step", "any") : null,
            option.Kind == TextKind.Touchpoint ? new XAttribute("list", TouchpointList) : null,
            option.Kind == TextKind.Filter && key is "segment" or "where" ? new XAttribute("list", FilterBar.SavedList) : null);
    }
}
