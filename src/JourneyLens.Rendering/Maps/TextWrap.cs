namespace JourneyLens.Rendering.Maps;

/// <summary>Word wrap for SVG text, which does not wrap by itself: lines of at most a number of characters.</summary>
public static class TextWrap
{
    public static IReadOnlyList<string> Lines(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var rest = word;
                while (rest.Length > width)
                {
                    // A word longer than the line (a URL, a long id) is broken: it must not run into the next column.
                    if (line.Length > 0)
                    {
                        lines.Add(line);
                        line = "";
                    }

                    lines.Add(rest[..width]);
                    rest = rest[width..];
                }

                if (line.Length == 0)
                {
                    line = rest;
                }
                else if (line.Length + 1 + rest.Length <= width)
                {
                    line += " " + rest;
                }
                else
                {
                    lines.Add(line);
                    line = rest;
                }
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
