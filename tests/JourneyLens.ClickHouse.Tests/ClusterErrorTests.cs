namespace JourneyLens.ClickHouse.Tests;

/// <summary>What the user reads when a server refuses a query (no cluster needed: the server's words are given).</summary>
public class ClusterErrorTests
{
    [Fact]
    public void A_limit_of_the_cluster_is_said_as_one_with_what_to_do()
    {
        var message = ClickHouseCluster.Refusal("http://ch1:8123/",
            "Code: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded: would use 12.01 GiB, maximum: 9.31 GiB, e.what() = DB::Exception\nstack");
        message.ShouldStartWith("the question is too large for the ClickHouse cluster's limits (Code: 241");
        message.ShouldContain("narrow it (--from/--to, a segment) or raise the limit on the servers");
        message.ShouldNotContain("stack");
    }

    [Fact]
    public void Any_other_refusal_names_the_shards_and_gives_the_servers_first_line() =>
        ClickHouseCluster.Refusal("http://ch1:8123/", "Code: 81, e.displayText() = DB::Exception: Database jl doesn't exist\nmore")
            .ShouldBe("the ClickHouse cluster at http://ch1:8123/ refused the query: Code: 81, e.displayText() = DB::Exception: Database jl doesn't exist");
}
