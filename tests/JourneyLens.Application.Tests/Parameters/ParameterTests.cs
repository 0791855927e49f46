using JourneyLens.Application.Analyses;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Application.Tests.Parameters;

/// <summary>Parameters parse text by their type, queries are bound with every check in one place, and the registry is sound.</summary>
public sealed class ParameterTests
{
    [Theory]
    [InlineData("top", "many", "top: expected a whole number, found 'many'")]
    [InlineData("min-share", "1e999", "min-share: expected a number, found '1e999'")]
    [InlineData("node", "planet", "node: expected one of touchpoint, channel, phase, found 'planet'")]
    public void A_value_that_does_not_fit_its_type_is_refused_naming_the_parameter(string name, string text, string message)
    {
        var parameter = PathsAnalysis.Definition.Parameters.Single(p => p.Name == name);

        var refused = Should.Throw<RequestException>(() => parameter.Parse([text]));

        refused.Message.ShouldBe(message);
        refused.Parameter.ShouldBe(name);
    }

    [Fact]
    public void Values_parse_by_their_type_and_enums_ignore_case()
    {
        var funnel = FunnelAnalysis.Definition;
        var values = funnel.NewValues();
        foreach (var (name, texts) in new (string, string[])[] { ("step", ["A", "B|C where channel = 'app'"]), ("order", ["STRICT"]), ("dropped-at", ["2"]), ("journey-gap", ["0.5"]) })
        {
            values.Set(name, funnel.Parameters.Single(p => p.Name == name).Parse(texts));
        }

        // Bound without a complaint, the query goes on to its backend.
        Should.Throw<InvalidOperationException>(() => funnel.Run(values, () => throw new InvalidOperationException("backend opened"))).Message.ShouldBe("backend opened");
    }

    [Fact]
    public void A_query_is_bound_with_its_scope_steps_and_windows()
    {
        var values = FunnelAnalysis.Definition.NewValues();
        values.Set("step", new[] { "A", "B|C where channel = 'app'" });
        values.Set("order", FunnelOrder.Strict);
        values.Set("step-window", new[] { "2=1h" });
        values.Set("from", "2025-02-01");

        var bound = ((Analysis<FunnelQuery, FunnelAnswer>)FunnelAnalysis.Definition).Bind(values);

        bound.Order.ShouldBe(FunnelOrder.Strict);
        bound.Steps.Select(s => s.Touchpoints.Count).ShouldBe([1, 2]);
        bound.Steps[1].Where!.Text.ShouldBe("channel = 'app'");
        bound.Steps[1].Within.ShouldBe(TimeSpan.FromHours(1));
        bound.Over.Scope.FromMs.ShouldBe(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        bound.Over.Breakdown.ShouldBeNull();
    }

    [Fact]
    public void Days_are_read_in_the_display_zone_from_their_first_moment()
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var scope = ScopeParameters.Scope(null, "2016-02-01", "2016-02-02", null, null).InZone(amsterdam);

        scope.FromMs.ShouldBe(new DateTimeOffset(2016, 1, 31, 23, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        scope.ToMs.ShouldBe(new DateTimeOffset(2016, 2, 1, 23, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        // Summer time: the offset of the day itself.
        Days.Start("2016-07-01", amsterdam).ShouldBe(new DateTimeOffset(2016, 6, 30, 22, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        // São Paulo skipped midnight on 2018-11-04 (clocks went 00:00 → 01:00): the day starts when its clock does.
        Days.Start("2018-11-04", TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo"))
            .ShouldBe(new DateTimeOffset(2018, 11, 4, 1, 0, 0, TimeSpan.FromHours(-2)).ToUnixTimeMilliseconds());
        ScopeParameters.Scope(null, "2016-02-01", null, null, null).InZone(null).FromMs
            .ShouldBe(new DateTimeOffset(2016, 2, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("2016-02-02", "2016-02-01")]
    [InlineData("2016-02-01", "2016-02-01")]
    public void An_empty_date_range_is_refused_not_answered_with_nothing(string from, string to)
    {
        var e = Should.Throw<RequestException>(() => ScopeParameters.Scope(null, from, to, null, null));
        e.Message.ShouldContain("an empty range");
        e.Parameter.ShouldBe("to");
    }

    [Theory]
    [InlineData("journey-gap", -1.0, "--journey-gap -1: expected 0 to 36500 days")]
    [InlineData("groups", 0, "--groups 0: expected 1 to 50")]
    [InlineData("by", "colour", "--by colour: expected channel, touchpoint, outcome or prop.NAME")]
    [InlineData("from", "31-12-2025", "--from 31-12-2025: expected a date as yyyy-MM-dd")]
    public void A_scope_that_cannot_be_is_refused_before_any_backend_is_opened(string name, object value, string message)
    {
        var values = PathsAnalysis.Definition.NewValues();
        values.Set(name, value is double d ? (double?)d : value);

        var refused = Should.Throw<RequestException>(() => PathsAnalysis.Definition.Run(values, () => throw new InvalidOperationException("opened")));

        refused.Message.ShouldBe(message);
        refused.Parameter.ShouldBe(name);
    }

    [Fact]
    public void The_registry_names_each_analysis_and_command_once_and_every_parameter_once_per_analysis()
    {
        AnalysisRegistry.All.Select(a => a.Name).ShouldBeUnique();
        AnalysisRegistry.All.Select(a => string.Join(' ', a.Command)).ShouldBeUnique();
        foreach (var analysis in AnalysisRegistry.All)
        {
            analysis.Parameters.Select(p => p.Name).ShouldBeUnique(analysis.Name);
            analysis.Parameters.Where(p => p.Required).ShouldAllBe(p => analysis.NeedsInput, analysis.Name);
        }
    }
}
