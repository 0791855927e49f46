using System.Xml.Linq;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>The labelled fields of the pages' own forms (segments, personas, new maps): a label, the control, a line of help.</summary>
public static class Forms
{
    public const int MaxText = 4_000;

    public static XElement Text(string id, string name, string label, string value, string help, bool required = false, string? list = null) =>
        Field(id, label, help, E("input", new XAttribute("type", "text"), new XAttribute("id", id), new XAttribute("name", name), new XAttribute("value", value),
            new XAttribute("maxlength", MaxText), required ? new XAttribute("required", "required") : null, list is null ? null : new XAttribute("list", list)));

    public static XElement Area(string id, string name, string label, string value, string help, int rows = 3) =>
        Field(id, label, help, E("textarea", new XAttribute("id", id), new XAttribute("name", name), new XAttribute("rows", rows), new XAttribute("maxlength", MaxText), value));

    /// <summary>A choice; <paramref name="choices"/> are (value, text) pairs, the one equal to <paramref name="value"/> selected.</summary>
    public static XElement Select(string id, string name, string label, string value, string help, IEnumerable<(string Value, string Text)> choices) =>
        Field(id, label, help, E("select", new XAttribute("id", id), new XAttribute("name", name),
            choices.Select(c => E("option", new XAttribute("value", c.Value), c.Value == value ? new XAttribute("selected", "selected") : null, c.Text))));

    private static XElement Field(string id, string label, string help, XElement control) =>
        E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", id), label), control, E("small", help));
}
