using System.Diagnostics;
using JourneyLens.Core.Errors;
using JourneyLens.Core.Filters;
using JourneyLens.Core.Yaml;

namespace JourneyLens.Core.Tests.Yaml;

/// <summary>Hostile documents — nested tens of thousands deep — are refused quickly with a message, never by exhausting the stack.</summary>
public sealed class BoundedInputTests
{
    public static TheoryData<string> DeepDocuments => new()
    {
        new string('[', 70_000) + new string(']', 70_000),
        string.Concat(Enumerable.Repeat("- ", 70_000)) + "x",
        string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i) + "k:\n")) + new string(' ', 2_000) + "v",
        string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "1" + new string('}', 50_000),
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public void A_yaml_document_nested_deeper_than_any_map_is_refused_quickly(string yaml)
    {
        var clock = Stopwatch.StartNew();

        var refused = Should.Throw<InputException>(() => YamlLoader.Load(yaml, "deep.yaml"));

        refused.Message.ShouldContain($"nested more than {YamlLoader.MaxNesting} deep");
        refused.Message.ShouldStartWith("deep.yaml");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "a hostile document must not take time out of proportion");
    }

    [Fact]
    public void A_document_nested_within_the_bound_loads()
    {
        var yaml = new string('[', YamlLoader.MaxNesting) + "1" + new string(']', YamlLoader.MaxNesting);

        YamlLoader.Load(yaml, "fine.yaml").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("not ", "channel = 'a'")]
    [InlineData("(", "channel = 'a')")]
    public void A_filter_nested_deeper_than_the_bound_is_refused_with_a_message(string opening, string rest)
    {
        var deep = string.Concat(Enumerable.Repeat(opening, 200)) + rest + (opening == "(" ? new string(')', 199) : "");

        Should.Throw<AnalysisException>(() => FilterParser.Parse(deep)).Message.ShouldContain($"nested more than {FilterParser.MaxNesting} deep");
        FilterParser.Parse(string.Concat(Enumerable.Repeat(opening, 20)) + rest + (opening == "(" ? new string(')', 19) : "")).ShouldNotBeNull();
    }
}
