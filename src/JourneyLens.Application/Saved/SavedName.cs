using System.Text.RegularExpressions;
using JourneyLens.Application.Parameters;

namespace JourneyLens.Application.Saved;

/// <summary>The names things are saved under (segments, views, dashboards): short, plain, safe in a URL and a file.</summary>
public static partial class SavedName
{
    public const int MaxLength = 60;

    public static void Check(string name, string what)
    {
        if (!Pattern().IsMatch(name))
        {
            throw new RequestException($"{what} name '{name}': 1 to {MaxLength} letters, digits, '-' or '_', starting with a letter or digit", "name");
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{Nd}][\p{L}\p{Nd}_-]{0,59}$")]
    private static partial Regex Pattern();
}
