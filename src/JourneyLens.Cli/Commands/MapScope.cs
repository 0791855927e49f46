using System.CommandLine;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Maps;
using JourneyLens.Storage.Measurements;
using static JourneyLens.Cli.Commands.ExperienceOptions;

namespace JourneyLens.Cli.Commands;

/// <summary>The data maps are bound to: the scope of the analysis options, its catalogue and channels, opened once per command.</summary>
internal sealed class MapScope : IDisposable
{
    private readonly ParseResult _parse;

    private MapScope(ParseResult parse, Workspace workspace, JourneyEngine engine)
    {
        (_parse, Workspace, Engine) = (parse, workspace, engine);
        Catalogue = CatalogueStore.Load(workspace);
        Channels = AnalysisRun.Scope(workspace, engine, Catalogue).Channels(ChannelClasses.Default);
        if (parse.GetValue(MapBindCommand.ViewLens) is { } lens && Catalogue.Lenses.All(l => l.Name != lens))
        {
            throw new UsageException($"--lens {lens}: no such lens; lenses: {string.Join(", ", Catalogue.Lenses.Select(l => l.Name))}");
        }
    }

    public Workspace Workspace { get; }
    public JourneyEngine Engine { get; }
    public TouchpointCatalogue Catalogue { get; }
    public ChannelClasses Channels { get; }

    public static MapScope Open(ParseResult parse)
    {
        var (workspace, engine) = CommonOptions.OpenEngine(parse);
        try
        {
            return new MapScope(parse, workspace, engine);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    public JourneyMap Load(string fileOrId) => MapSource.Load(fileOrId, Workspace, Catalogue, Engine.Events.TouchpointNames);

    /// <summary>The maps named, or every map saved in the workspace when none is named.</summary>
    public IReadOnlyList<JourneyMap> LoadAll(IReadOnlyList<string> named) =>
        [.. (named.Count > 0 ? named : MapStore.List(Workspace).Select(m => m.Id)).Select(Load)];

    public BoundMap Bind(JourneyMap map) =>
        MapBinder.Bind(map, Engine, new BindRequest(Catalogue, Channels, MapBindCommand.Rules(_parse), _parse.GetValue(MapBindCommand.ViewLens), MinAnswersOf(_parse)));

    /// <summary>A metric's value in a saved measurement, for opportunities whose baseline names one.</summary>
    public MetricValue? Measured(string measurement, string metric) =>
        MeasurementStore.Find(Workspace, measurement)?.Values.FirstOrDefault(v => v.Metric == metric);

    public void Dispose() => Workspace.Dispose();
}
