using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Rendering.Maps;

/// <summary>
/// A journey map as SVG (docs/maps.md): phases as columns over the steps, lanes as rows — step, actions, thoughts, the
/// emotion line (researched solid, measured dashed with its interval), touchpoints, the measured figures, pain points,
/// opportunities and the service-blueprint lanes when the map has them. Text wraps inside its cell; the picture grows
/// with the steps (the HTML page scrolls it). Important non-touchpoints are drawn dashed and grey.
/// </summary>
public static class MapChart
{
    public const double ColumnWidth = 200, LabelWidth = 120, Pad = 8, LineHeight = 15, PhaseHeight = 30, EmotionHeight = 130;
    /// <summary>At 12 px a character is about 6.3 px wide (7.3 bold): what fits in a column less its padding.</summary>
    public const int CharsPerLine = 29, BoldCharsPerLine = 25;
    private const int MaxPainsPerStep = 4;
    private const string Research = "#4e79a7", Measured = "#e15759", Pain = "#b03a2e", Chance = "#2e7d32", Muted = "#666666";

    /// <summary>Further personas' lines: dark enough for their legend text on the lane's grey, apart from research blue and data red.</summary>
    private static readonly string[] PersonaColours = ["#6a3d9a", "#b15928", "#1b7837", "#8c510a", "#01665e", "#762a83"];

    private sealed record Line(string Text, string? Colour = null, bool Bold = false, bool Italic = false);

    private sealed record Lane(string Name, Func<BoundStep, IEnumerable<Line>> Lines);

    public static string Render(BoundMap bound) => Svg.Write(Element(bound));

    internal static XElement Element(BoundMap bound)
    {
        var steps = Columns(bound);
        var width = LabelWidth + (Math.Max(1, steps.Count) * ColumnWidth);
        var content = new List<object>();
        var y = Header(bound, width, content);
        y = PhaseRow(bound, steps, y, content);
        var lanes = Lanes(bound);
        foreach (var lane in lanes.Take(3))
        {
            y = LaneRow(lane, steps, y, content);
        }

        y = EmotionRow(bound, steps, y, content);
        foreach (var lane in lanes.Skip(3))
        {
            y = LaneRow(lane, steps, y, content);
        }

        return Svg.Document(width, y + Pad, $"Journey map: {bound.Map.Title}", content.ToArray());
    }

    /// <summary>Steps in phase order (a lens may regroup them), map order within a phase.</summary>
    private static List<BoundStep> Columns(BoundMap bound) =>
        [.. bound.Steps.Select((s, i) => (s, i)).OrderBy(x => Index(bound.Phases, x.s.Phase)).ThenBy(x => x.i).Select(x => x.s)];

    private static int Index(IReadOnlyList<string> phases, string phase)
    {
        for (var i = 0; i < phases.Count; i++)
        {
            if (phases[i] == phase)
            {
                return i;
            }
        }

        return phases.Count;
    }

    private static double Header(BoundMap bound, double width, List<object> content)
    {
        var map = bound.Map;
        var chars = (int)((width - (2 * Pad)) / 6.3);
        var lines = new List<Line> { new(map.Title, Bold: true) };
        lines.Add(new Line($"Actor: {map.Actor.Name}{(map.Actor.Persona is { } p ? $" (persona {p})" : "")}{(map.Actor.Description is { } d ? $" — {d}" : "")}"));
        if (map.Scenario.Goal is { } goal)
        {
            lines.Add(new Line($"Goal: {goal}"));
        }

        if (map.Scenario.Expectations.Count > 0)
        {
            lines.Add(new Line($"Expects: {string.Join("; ", map.Scenario.Expectations)}"));
        }

        lines.Add(new Line(bound.Journeys > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{map.State.ToString().ToLowerInvariant()} state · {bound.Lens} lens · bound to {bound.Journeys:N0} journeys of {bound.Persons:N0} persons{(bound.Persona is { } persona ? $" who are {persona.Shown} ({persona.Segment})" : "")} · coverage {bound.Coverage:P0} ({bound.Steps.Count(s => s.Measured)} of {bound.Steps.Count} steps measured)")
            : $"{map.State.ToString().ToLowerInvariant()} state · {bound.Lens} lens · not bound to data", Muted));
        if (bound.Metrics.Count > 0)
        {
            lines.Add(new Line("Journey: " + string.Join(" · ", bound.Metrics.Select(MetricText))));
        }

        var wrapped = lines.SelectMany(l => TextWrap.Lines(l.Text, chars).Select(t => l with { Text = t })).ToList();
        content.Add(TextBlock(Pad, Pad, wrapped, "header"));
        return (2 * Pad) + (wrapped.Count * LineHeight);
    }

    private static double PhaseRow(BoundMap bound, List<BoundStep> steps, double y, List<object> content)
    {
        content.Add(Svg.With(Svg.Text(Pad, y + 19, "Phase", weight: "bold"), new XAttribute("class", "lane-label")));
        var start = 0;
        while (start < steps.Count)
        {
            var end = start;
            while (end + 1 < steps.Count && steps[end + 1].Phase == steps[start].Phase)
            {
                end++;
            }

            var x = LabelWidth + (start * ColumnWidth);
            var w = (end - start + 1) * ColumnWidth;
            var label = TextWrap.Lines(steps[start].Phase, (int)((w - (2 * Pad)) / 7)).FirstOrDefault() ?? "";
            content.Add(new XElement(Svg.Ns + "g", new XAttribute("class", "phase"), new XAttribute("data-phase", steps[start].Phase),
                Svg.Rect(x + 1, y, w - 2, PhaseHeight - 2, Svg.Colour(Index(bound.Phases, steps[start].Phase)), steps[start].Phase),
                // A phase wider than the window would hide a centred name: wide phases name themselves at their start.
                Svg.With(w > 2 * ColumnWidth ? Svg.Text(x + Pad, y + 19, label, weight: "bold") : Svg.Text(x + (w / 2), y + 19, label, "middle", "bold"),
                    new XAttribute("fill", Svg.TextOn(Svg.Colour(Index(bound.Phases, steps[start].Phase)))))));
            start = end + 1;
        }

        return y + PhaseHeight;
    }

    private static double LaneRow(Lane lane, List<BoundStep> steps, double y, List<object> content)
    {
        var cells = steps.Select(s => lane.Lines(s).SelectMany(Wrap).ToList()).ToList();
        var label = TextWrap.Lines(lane.Name, 15).Select(t => new Line(t, Bold: true)).ToList();
        var height = (2 * Pad) + (Math.Max(label.Count, cells.Count == 0 ? 1 : cells.Max(c => c.Count)) * LineHeight);
        content.Add(Svg.Rect(0, y, LabelWidth - 2, height - 2, "#f2f2f2"));
        content.Add(TextBlock(Pad, y + Pad, label, "lane-label"));
        for (var i = 0; i < steps.Count; i++)
        {
            var x = LabelWidth + (i * ColumnWidth);
            var other = !steps[i].Step.IsTouchpoint;
            var box = Svg.With(Svg.Rect(x + 1, y, ColumnWidth - 2, height - 2, other ? "#f5f5f5" : "#ffffff"),
                new XAttribute("stroke", other ? "#999999" : "#dddddd"), other ? new XAttribute("stroke-dasharray", "5 3") : null);
            content.Add(new XElement(Svg.Ns + "g",
                new XAttribute("class", "cell" + (other ? " non-touchpoint" : "")), new XAttribute("data-lane", lane.Name), new XAttribute("data-step", steps[i].Step.Id),
                box, TextBlock(x + Pad, y + Pad, cells[i], "cell-text")));
        }

        return y + height;
    }

    private static double EmotionRow(BoundMap bound, List<BoundStep> steps, double y, List<object> content)
    {
        var legend = new List<Line> { new("Emotion", Bold: true), new("— research", Research), new("- - data", Measured) };
        legend.AddRange(bound.PersonaLines.SelectMany((p, i) => TextWrap.Lines("··· " + p.Shown, 17).Select(t => new Line(t, PersonaColours[i % PersonaColours.Length]))));
        var height = Math.Max(EmotionHeight, (3 * Pad) + (legend.Count * LineHeight));
        double Y(double v) => y + Pad + ((2 - v) / 4 * (height - (2 * Pad)));
        double X(int i) => LabelWidth + (i * ColumnWidth) + (ColumnWidth / 2);
        content.Add(Svg.Rect(0, y, LabelWidth - 2, height - 2, "#f2f2f2"));
        content.Add(TextBlock(Pad, y + Pad, legend, "lane-label"));
        var grid = new XElement(Svg.Ns + "g", new XAttribute("class", "emotion-grid"));
        foreach (var v in new[] { -2, -1, 0, 1, 2 })
        {
            grid.Add(Svg.With(new XElement(Svg.Ns + "line", Attr("x1", LabelWidth), Attr("x2", LabelWidth + (steps.Count * ColumnWidth)), Attr("y1", Y(v)), Attr("y2", Y(v))),
                new XAttribute("stroke", v == 0 ? "#bbbbbb" : "#eeeeee")));
            grid.Add(Svg.With(Svg.Text(LabelWidth - 6, Y(v) + 4, v.ToString("+0;−0;0", CultureInfo.InvariantCulture), "end"), new XAttribute("fill", Muted)));
        }

        content.Add(grid);
        var researched = steps.Select((s, i) => (s, i)).Where(x => x.s.Step.Emotion is not null).Select(x => (X: X(x.i), Y: Y(x.s.Step.Emotion!.Value), x.s)).ToList();
        var measured = steps.Select((s, i) => (s, i)).Where(x => x.s.MeasuredEmotion is not null).Select(x => (X: X(x.i), Y: Y(x.s.MeasuredEmotion!.Value), x.s)).ToList();
        var line = new XElement(Svg.Ns + "g", new XAttribute("class", "emotion"));
        if (researched.Count > 1)
        {
            line.Add(Polyline(researched.Select(p => (p.X, p.Y)), Research, null, "emotion-research"));
        }

        if (measured.Count > 1)
        {
            line.Add(Polyline(measured.Select(p => (p.X, p.Y)), Measured, "6 4", "emotion-measured"));
        }

        foreach (var (x, py, s) in researched)
        {
            line.Add(new XElement(Svg.Ns + "circle", Attr("cx", x), Attr("cy", py), Attr("r", 5), new XAttribute("fill", Research), new XAttribute("class", "emotion-research-point"),
                new XElement(Svg.Ns + "title", $"{s.Step.Title}: researched emotion {s.Step.Emotion!.Value:+0;−0;0}{(s.Step.Emotion.Evidence is { } e ? $" ({e})" : "")}")));
        }

        foreach (var (x, py, s) in measured)
        {
            var m = s.MeasuredEmotion!;
            line.Add(Svg.With(new XElement(Svg.Ns + "line", Attr("x1", x + 8), Attr("x2", x + 8), Attr("y1", Y(m.High)), Attr("y2", Y(m.Low))), new XAttribute("stroke", Measured)));
            line.Add(Svg.With(Svg.Rect(x + 4, py - 4, 8, 8, Measured, string.Create(CultureInfo.InvariantCulture,
                $"{s.Step.Title}: measured emotion {m.Value:+0.0;−0.0;0.0} [{m.Low:+0.0;−0.0;0.0}, {m.High:+0.0;−0.0;0.0}] from {m.Answers:N0} answers")), new XAttribute("class", "emotion-measured-point")));
        }

        content.Add(line);
        content.Add(PersonaLines(bound, steps, X, Y));
        return y + height;
    }

    /// <summary>Each further persona's measured emotion, dotted in its own colour, a point per step with enough answers.</summary>
    private static XElement PersonaLines(BoundMap bound, List<BoundStep> steps, Func<int, double> x, Func<double, double> y)
    {
        var group = new XElement(Svg.Ns + "g", new XAttribute("class", "persona-lines"));
        var index = bound.Steps.Select((s, i) => (s, i)).ToDictionary<(BoundStep s, int i), BoundStep, int>(p => p.s, p => p.i, ReferenceEqualityComparer.Instance);
        foreach (var (line, n) in bound.PersonaLines.Select((l, n) => (l, n)))
        {
            var colour = PersonaColours[n % PersonaColours.Length];
            var points = steps.Select((s, i) => (Column: i, Emotion: line.Emotions[index[s]], Step: s)).Where(p => p.Emotion is not null).ToList();
            var g = new XElement(Svg.Ns + "g", new XAttribute("class", "persona-line"), new XAttribute("data-persona", line.Name));
            if (points.Count > 1)
            {
                g.Add(Polyline(points.Select(p => (x(p.Column), y(p.Emotion!.Value))), colour, "2 4", "emotion-persona"));
            }

            foreach (var (column, emotion, step) in points)
            {
                g.Add(new XElement(Svg.Ns + "circle", Attr("cx", x(column) - 8), Attr("cy", y(emotion!.Value)), Attr("r", 4), new XAttribute("fill", colour),
                    new XElement(Svg.Ns + "title", string.Create(CultureInfo.InvariantCulture,
                        $"{step.Step.Title}: {line.Shown} {emotion.Value:+0.0;−0.0;0.0} [{emotion.Low:+0.0;−0.0;0.0}, {emotion.High:+0.0;−0.0;0.0}] from {emotion.Answers:N0} answers"))));
            }

            group.Add(g);
        }

        return group;
    }

    private static List<Lane> Lanes(BoundMap bound)
    {
        var map = bound.Map;
        var lanes = new List<Lane>
        {
            new("Step", s => [new Line(s.Step.Title, Bold: true)]),
            new("Actions", s => s.Step.Actions.Select(a => new Line("• " + a))),
            new("Thoughts", s => s.Step.Thoughts.Select(t => new Line($"“{t}”", Italic: true))),
            new("Touchpoints", s => Touchpoints(s.Step)),
            new("Measured", Figures),
            new("Pain points", s => Pains(bound, s)),
            new("Opportunities", s => map.Opportunities
                .Where(o => o.Steps.Contains(s.Step.Id) || map.PainPoints.Any(p => p.Step == s.Step.Id && o.PainPoints.Contains(p.Id)))
                .Select(o => new Line($"→ {o.Title} ({o.Status.ToString().ToLowerInvariant()}{(o.Owner is { } owner ? $", {owner}" : "")})", Chance))),
        };
        if (map.Steps.Any(s => s.Lanes is not null))
        {
            lanes.Add(new Lane("Evidence", s => Blueprint(s.Step.Lanes?.Evidence)));
            lanes.Add(new Lane("Frontstage", s => Blueprint(s.Step.Lanes?.Frontstage)));
            lanes.Add(new Lane("Backstage (behind the line of visibility)", s => Blueprint(s.Step.Lanes?.Backstage)));
            lanes.Add(new Lane("Support", s => Blueprint(s.Step.Lanes?.Support)));
        }

        return lanes;
    }

    /// <summary>Bold text is wider: it wraps sooner.</summary>
    private static IEnumerable<Line> Wrap(Line line) =>
        TextWrap.Lines(line.Text, line.Bold ? BoldCharsPerLine : CharsPerLine).Select(t => line with { Text = t });

    /// <summary>A map metric as people read it: its value and interval in the metric's own terms, and its count.</summary>
    public static string MetricText(Core.Experience.MetricValue m) => double.IsNaN(m.Value)
        ? $"{m.Metric}: no data"
        : string.Create(CultureInfo.InvariantCulture, $"{m.Metric} {Format.Metric(m, m.Value)} [{Format.Metric(m, m.Low)}, {Format.Metric(m, m.High)}] (n = {m.N:N0})");

    private static IEnumerable<Line> Blueprint(string? text) => text is null ? [] : [new Line(text)];

    private static IEnumerable<Line> Touchpoints(Step step)
    {
        if (!step.IsTouchpoint)
        {
            yield return new Line("not a touchpoint", Muted, Italic: true);
        }

        foreach (var t in step.Touchpoints)
        {
            yield return new Line(t);
        }

        var about = string.Join(" · ", new[] { step.Channel, step.Owner is { } o ? $"owner: {o}" : null, step.Ownership }.Where(x => x is not null));
        if (about.Length > 0)
        {
            yield return new Line(about, Muted);
        }
    }

    private static IEnumerable<Line> Figures(BoundStep s)
    {
        if (!s.Measured)
        {
            yield return new Line($"unmeasured: {s.Unmeasured}", Muted, Italic: true);
            yield break;
        }

        var c = CultureInfo.InvariantCulture;
        if (s.Journeys > 0)
        {
            yield return new Line(string.Create(c, $"{s.Journeys:N0} journeys · reach {s.Reach.Value:P0}"));
        }

        if (s.DropOff is { } d)
        {
            yield return new Line(string.Create(c, $"drop-off {d.Value:P0} before '{s.Next}'"), d.Value >= 0.2 ? Pain : null);
        }

        if (s.Wait is { } w)
        {
            yield return new Line($"median wait {DurationText.Format(w.Median)}");
        }

        foreach (var f in s.Scores)
        {
            var value = f.Type switch
            {
                Core.Events.ScoreType.Nps => f.Value.ToString("+0;−0;0", c),
                Core.Events.ScoreType.Csat => f.Value.ToString("P0", c),
                _ => f.Value.ToString("0.0", c),
            };
            yield return new Line(string.Create(c, $"{f.Type.ToString().ToUpperInvariant()} {value} (n = {f.Answers:N0}{(f.TooFew ? ", too few" : "")})"), f.TooFew ? Muted : null);
        }
    }

    private static IEnumerable<Line> Pains(BoundMap bound, BoundStep s)
    {
        var pains = bound.Pains.Where(p => p.Step == s.Step.Id).ToList();
        foreach (var p in pains.Take(MaxPainsPerStep))
        {
            yield return new Line($"[{p.Severity}] {p.Title}{(p.Source == "map" ? " (research)" : "")}", Pain);
        }

        if (pains.Count > MaxPainsPerStep)
        {
            yield return new Line($"+{pains.Count - MaxPainsPerStep} more", Muted);
        }
    }

    private static XElement TextBlock(double x, double y, IReadOnlyList<Line> lines, string cssClass)
    {
        var block = new XElement(Svg.Ns + "g", new XAttribute("class", cssClass));
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            block.Add(Svg.With(Svg.Text(x, y + 11 + (i * LineHeight), l.Text, weight: l.Bold ? "bold" : null),
                l.Colour is null ? null : new XAttribute("fill", l.Colour), l.Italic ? new XAttribute("font-style", "italic") : null));
        }

        return block;
    }

    private static XElement Polyline(IEnumerable<(double X, double Y)> points, string colour, string? dash, string cssClass) =>
        new(Svg.Ns + "polyline",
            new XAttribute("points", string.Join(' ', points.Select(p => $"{Svg.Number(p.X)},{Svg.Number(p.Y)}"))),
            new XAttribute("fill", "none"), new XAttribute("stroke", colour), new XAttribute("stroke-width", 2),
            dash is null ? null : new XAttribute("stroke-dasharray", dash), new XAttribute("class", cssClass));

    private static XAttribute Attr(string name, double value) => new(name, Svg.Number(value));
}
