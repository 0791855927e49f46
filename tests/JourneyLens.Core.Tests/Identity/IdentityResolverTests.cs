using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Identity;

namespace JourneyLens.Core.Tests.Identity;

public class IdentityResolverTests
{
    private static readonly string[] Types = ["customer_id", "email", "anonymous_id", "device_id", "phone"];

    /// <summary>Random graphs: few distinct values so that unique-type conflicts and caps actually happen.</summary>
    private static Gen<IdentityGraph> Graphs =>
        from n in Gen.Choose(1, 60)
        from types in Gen.ArrayOf(Gen.Choose(0, Types.Length - 1), n)
        from values in Gen.ArrayOf(Gen.Choose(0, 8), n)
        from seen in Gen.ArrayOf(Gen.Choose(0, 20), n)
        from linkCount in Gen.Choose(0, 90)
        from links in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, n - 1), Gen.Choose(0, n - 1)), linkCount)
        from linkSeen in Gen.ArrayOf(Gen.Choose(0, 20), linkCount)
        select new IdentityGraph
        {
            Types = types.Select(t => Types[t]).ToArray(),
            Values = values.Select((v, i) => $"{Types[types[i]]}-{v}-{i % 3}").ToArray(),
            FirstSeenMs = seen.Select(s => (long)s).ToArray(),
            Links = links.Select(l => (l.Item1, l.Item2)).ToArray(),
            LinkSeenMs = linkSeen.Select(s => (long)s).ToArray(),
        };

    [Fact]
    public void Matches_the_naive_reference_on_random_graphs()
    {
        Prop.ForAll(Graphs.ToArbitrary(), Gen.Choose(2, 12).ToArbitrary(), (graph, cap) =>
        {
            var rules = new IdentityRules { MaxIdentifiersPerPerson = cap };
            var fast = IdentityResolver.Resolve(graph, rules);
            var (personOf, decisions, keys, counts) = NaiveStitcher.Resolve(graph, rules);
            return fast.PersonOfIdentifier.SequenceEqual(personOf) && fast.Decisions.SequenceEqual(decisions)
                && fast.KeyIdentifierOfPerson.SequenceEqual(keys) && fast.IdentifierCountOfPerson.SequenceEqual(counts);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_order_links_arrive_in_and_their_direction_change_nothing()
    {
        Prop.ForAll(Graphs.ToArbitrary(), Gen.Choose(2, 12).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (random, cap, seed) =>
        {
            // As in a workspace: every identifier's name is its own, and a pair is linked once.
            var pairs = new HashSet<(int, int)>();
            var kept = Enumerable.Range(0, random.Links.Length).Where(l => random.Links[l].A != random.Links[l].B
                && pairs.Add((Math.Min(random.Links[l].A, random.Links[l].B), Math.Max(random.Links[l].A, random.Links[l].B)))).ToArray();
            var graph = new IdentityGraph
            {
                Types = random.Types, Values = random.Values.Select((v, i) => $"{v}-{i}").ToArray(), FirstSeenMs = random.FirstSeenMs,
                Links = kept.Select(l => random.Links[l]).ToArray(), LinkSeenMs = kept.Select(l => random.LinkSeenMs[l]).ToArray(),
            };
            var rules = new IdentityRules { MaxIdentifiersPerPerson = cap };
            var rng = new Random(seed);
            var shuffled = Enumerable.Range(0, graph.Links.Length).OrderBy(_ => rng.Next()).ToArray();
            var other = new IdentityGraph
            {
                Types = graph.Types, Values = graph.Values, FirstSeenMs = graph.FirstSeenMs,
                Links = shuffled.Select(l => rng.Next(2) == 0 ? graph.Links[l] : (graph.Links[l].B, graph.Links[l].A)).ToArray(),
                LinkSeenMs = shuffled.Select(l => graph.LinkSeenMs[l]).ToArray(),
            };
            var (a, b) = (IdentityResolver.Resolve(graph, rules), IdentityResolver.Resolve(other, rules));
            var same = a.PersonOfIdentifier.SequenceEqual(b.PersonOfIdentifier) && a.KeyIdentifierOfPerson.SequenceEqual(b.KeyIdentifierOfPerson)
                && a.CappedPerson.SequenceEqual(b.CappedPerson)
                && shuffled.Select(l => a.Decisions[l]).SequenceEqual(b.Decisions)
                && shuffled.Select(l => a.DecisionDetails[l]).SequenceEqual(b.DecisionDetails);
            return same.Label($"persons {string.Join(",", a.PersonOfIdentifier)} / {string.Join(",", b.PersonOfIdentifier)}; capped {string.Join(",", a.CappedPerson)} / {string.Join(",", b.CappedPerson)}; "
                + $"decisions {string.Join(",", shuffled.Select(l => a.Decisions[l]))} / {string.Join(",", b.Decisions)}; details {string.Join("|", shuffled.Select(l => a.DecisionDetails[l]))} / {string.Join("|", b.DecisionDetails)}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Two_customer_ids_on_one_device_stay_two_persons_and_the_refusal_is_explained()
    {
        var graph = new IdentityGraph
        {
            Types = ["customer_id", "device_id", "customer_id"],
            Values = ["C1", "D1", "C2"],
            FirstSeenMs = [1, 2, 3],
            Links = [(0, 1), (2, 1)],
            LinkSeenMs = [2, 3],
        };

        var result = IdentityResolver.Resolve(graph, IdentityRules.Default);

        result.PersonCount.ShouldBe(2);
        result.Decisions.ShouldBe([LinkDecision.Merged, LinkDecision.RefusedUnique]);
        result.DecisionDetails[1].ShouldNotBeNull().ShouldContain("customer_id is unique");
    }

    [Fact]
    public void The_person_key_is_the_earliest_seen_strong_identifier()
    {
        var graph = new IdentityGraph
        {
            Types = ["anonymous_id", "email", "customer_id"],
            Values = ["a1", "x@example.com", "C9"],
            FirstSeenMs = [1, 5, 3],
            Links = [(0, 1), (1, 2)],
            LinkSeenMs = [5, 5],
        };

        var result = IdentityResolver.Resolve(graph, IdentityRules.Default);

        result.PersonCount.ShouldBe(1);
        result.KeyIdentifierOfPerson[0].ShouldBe(2); // customer_id seen at 3 beats e-mail at 5; the anonymous id is weak
    }

    [Fact]
    public void A_person_at_the_cap_is_reported_and_not_merged_further()
    {
        var graph = new IdentityGraph
        {
            Types = ["anonymous_id", "anonymous_id", "anonymous_id"],
            Values = ["a", "b", "c"],
            FirstSeenMs = [1, 2, 3],
            Links = [(0, 1), (1, 2)],
            LinkSeenMs = [5, 5],
        };

        var result = IdentityResolver.Resolve(graph, new IdentityRules { MaxIdentifiersPerPerson = 2 });

        result.PersonCount.ShouldBe(2);
        result.Decisions[1].ShouldBe(LinkDecision.RefusedCap);
        result.CappedPerson.Count(c => c).ShouldBe(1);
    }

    [Theory]
    [InlineData("customer_id", "null", true)]
    [InlineData("anonymous_id", "undefined", true)]
    [InlineData("email", "0", true)]
    [InlineData("customer_id", "Guest", true)]
    [InlineData("customer_id", " ", true)]
    [InlineData("case_id", "0", false)] // a process-mining case number 0 is a real case
    [InlineData("customer_id", "C0", false)]
    public void Stand_in_values_are_never_merged_on(string type, string value, bool blocked) =>
        IdentityRules.Default.IsBlocked(new Events.Identifier(type, value)).ShouldBe(blocked);
}
