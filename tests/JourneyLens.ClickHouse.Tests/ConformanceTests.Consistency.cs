using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Experience;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>Omnichannel consistency on the cluster equals the embedded engine's: attempts, completion within the window (exactly at its edge too), times, repeat contact and the answers about the task.</summary>
public partial class ConformanceTests
{
    /// <summary>
    /// A task of one touchpoint each way with the default channels; starts and ends of two touchpoints each (one may be
    /// both) with a window of exactly half a day (the log's times are half days apart, ±1 ms) and the empty channel
    /// assisted; a touchpoint the log lacks.
    /// </summary>
    private static readonly ConsistencyRequest[] Tasks =
    [
        new(["Searched"], ["Booked"], TimeSpan.FromDays(1), ChannelClasses.Default),
        new(["Searched", "Called"], ["Booked", "Ünïcode ✈ \"quoted\"\ttab", "Called"], TimeSpan.FromHours(12),
            new ChannelClasses(new HashSet<string>(["web"], StringComparer.OrdinalIgnoreCase), new HashSet<string>(["phone", ""], StringComparer.OrdinalIgnoreCase)), MinAnswers: 1),
        new(["Booked"], ["Nowhere"], TimeSpan.FromDays(7), ChannelClasses.Default),
    ];

    [Fact]
    public void Consistency_is_the_same_on_the_cluster_on_random_logs()
    {
        var target = Target();
        var filters = Gen.Elements<string?>(null, null, "channel != 'app'");
        Prop.ForAll(Logs.ToArbitrary(), Scopes.ToArbitrary(), filters.ToArbitrary(), (rows, scope, filter) =>
        {
            using var temp = new TempFolder();
            var (workspace, cluster) = Loaded(temp, target, rows);
            var over = Selection.Of(ScopeParameters.Scope(scope.Gap, scope.From, scope.To, filter, null));
            foreach (var task in Tasks)
            {
                Same(new ConsistencyQuery(over, task), workspace, cluster);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }
}
