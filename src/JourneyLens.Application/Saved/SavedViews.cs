using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;

namespace JourneyLens.Application.Saved;

/// <summary>An analysis with its options saved under a name, and the dashboards it is pinned to.</summary>
/// <param name="Query">The options as a query string (<c>?top=5&amp;segment=%40family</c>), as the page's address holds them.</param>
public sealed record SavedView(string Name, string Analysis, string Query, IReadOnlyList<string> Dashboards, DateTimeOffset SavedUtc)
{
    /// <summary>The page that shows the view.</summary>
    public string Path => "/" + Analysis + Query;
}

/// <summary>
/// The saved views of a workspace, in <c>views.json</c> in its folder; a dashboard is the views pinned to its name, in
/// name order. The options are kept as the page's query string and checked by the caller against the analysis'
/// parameters before saving (the web reads them as it reads a page's address).
/// </summary>
public sealed class SavedViews(string folder)
{
    public const string FileName = "views.json";
    public const int MaxViews = 500;
    public const int MaxPerDashboard = 12;
    public const int MaxDashboardsPerView = 10;
    public const int MaxQueryLength = 4_000;

    private readonly JsonListFile<SavedView> _file = new(folder, FileName, v => v.Name);

    public IReadOnlyList<SavedView> All() => _file.All();

    public SavedView? Find(string name) => _file.Find(name);

    /// <summary>Each dashboard's name with its views, by name.</summary>
    public IReadOnlyList<(string Dashboard, IReadOnlyList<SavedView> Views)> Dashboards() =>
        [.. All().SelectMany(v => v.Dashboards.Select(d => (Dashboard: d, View: v))).GroupBy(x => x.Dashboard, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<SavedView>)[.. g.Select(x => x.View)]))];

    /// <summary>Saves (or replaces) a view of a page analysis; refused when a name, the query or a dashboard's size is out of bounds.</summary>
    public SavedView Save(string name, string analysis, string query, IReadOnlyList<string> dashboards, DateTimeOffset now)
    {
        SavedName.Check(name, "view");
        if (AnalysisRegistry.Find(analysis) is not { Argument: null or { Many: true } })
        {
            throw new RequestException($"view {name}: '{analysis}' is not an analysis with a page", "analysis");
        }

        if (query.Length > MaxQueryLength || (query.Length > 0 && !query.StartsWith('?')))
        {
            throw new RequestException($"view {name}: the options are a query string of at most {MaxQueryLength:N0} characters", "query");
        }

        var pinned = dashboards.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (pinned.Count > MaxDashboardsPerView)
        {
            throw new RequestException($"view {name}: on at most {MaxDashboardsPerView} dashboards", "dashboard");
        }

        foreach (var dashboard in pinned)
        {
            SavedName.Check(dashboard, "dashboard");
        }

        var view = new SavedView(name, analysis, query, pinned, now);
        _file.Change(all =>
        {
            var others = all.Where(v => v.Name != name).ToList();
            if (others.Count >= MaxViews)
            {
                throw new RequestException($"at most {MaxViews} saved views; delete one first", "name");
            }

            foreach (var dashboard in pinned)
            {
                if (others.Count(v => v.Dashboards.Contains(dashboard)) >= MaxPerDashboard)
                {
                    throw new RequestException($"dashboard {dashboard} holds {MaxPerDashboard} views already; unpin one first", "dashboard");
                }
            }

            return [.. others, view];
        });
        return view;
    }

    /// <summary>Removes a view (and so its places on dashboards); false when there was none of that name.</summary>
    public bool Delete(string name) => _file.Remove(name);
}
