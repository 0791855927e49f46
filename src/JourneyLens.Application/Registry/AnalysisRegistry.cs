using JourneyLens.Application.Analyses;

namespace JourneyLens.Application.Registry;

/// <summary>
/// Every analysis the product offers, in the order menus list them. The CLI's commands, the HTTP endpoints and their
/// OpenAPI description, the pages and their forms are made from this list; nothing else lists analyses.
/// </summary>
public static class AnalysisRegistry
{
    public static readonly IReadOnlyList<Analysis> All =
    [
        StatsAnalysis.Definition,
        TrendAnalysis.Definition,
        PathsAnalysis.Definition,
        FunnelAnalysis.Definition,
        ProcessMapAnalysis.Definition,
        VariantsAnalysis.Definition,
        ScoresAnalysis.Scores,
        ScoresAnalysis.LowPoints,
        SwitchingAnalysis.Switching,
        ImportanceAnalysis.Attribution,
        ImportanceAnalysis.Handoffs,
        SwitchingAnalysis.Consistency,
        CompareAnalysis.Definition,
        MapAnalyses.PainPoints,
        MapAnalyses.PainPersons,
        MapAnalyses.Opportunities,
        WorkspaceAnalyses.Measurements,
        MapAnalyses.List,
        MapAnalyses.Bind,
        WorkspaceAnalyses.Person,
        PersonsAnalysis.Definition,
        ValuesAnalysis.Definition,
    ];

    public static Analysis? Find(string name) => All.FirstOrDefault(a => a.Name == name);
}
