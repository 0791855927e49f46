using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Tests.Experience;

public class StatisticsTests
{
    [Fact]
    public void The_nps_interval_is_the_design_formula()
    {
        // 50 promoters, 30 passives, 20 detractors: NPS 30 ± 1.96·sqrt((0.5 + 0.2 − 0.3²)/100)·100.
        var nps = Estimate.Nps(50, 20, 100);

        nps.Value.ShouldBe(30, 1e-9);
        var half = 1.959963984540054 * Math.Sqrt((0.5 + 0.2 - (0.3 * 0.3)) / 100) * 100;
        nps.Low.ShouldBe(30 - half, 1e-9);
        nps.High.ShouldBe(30 + half, 1e-9);
    }

    [Theory]
    [InlineData(0, 17, 0.0, 0.1843)]
    [InlineData(17, 17, 0.8157, 1.0)]
    [InlineData(50, 100, 0.4038, 0.5962)]
    [InlineData(1, 10, 0.0179, 0.4042)]
    public void A_proportion_has_the_wilson_interval_which_does_not_collapse_at_the_ends(long hits, long n, double low, double high)
    {
        // Reference values: the Wilson score interval at 95 % (as R's prop.test without continuity correction gives).
        var share = Estimate.Proportion(hits, n);

        share.Value.ShouldBe((double)hits / n, 1e-12);
        share.Low.ShouldBe(low, 1e-4);
        share.High.ShouldBe(high, 1e-4);
    }

    [Fact]
    public void Two_proportions_agree_with_the_textbook_z_test()
    {
        // 45/100 vs 60/100: pooled p = 0.525, z = 0.15 / sqrt(0.525·0.475·0.02) = 2.1239, two-sided p = 0.0337.
        var d = Significance.Proportions(45, 100, 60, 100);

        d.Delta.ShouldBe(0.15, 1e-12);
        d.P.ShouldBe(0.0337, 0.0002);
        d.Low.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Mann_whitney_finds_a_shift_and_not_a_shuffle()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 100).ToArray();
        var shifted = a.Select(x => x + 30).ToArray();
        var same = a.OrderBy(_ => random.Next()).ToArray();

        Significance.MannWhitney(a, shifted).P.ShouldBeLessThan(0.001);
        Significance.MannWhitney(a, shifted).Delta.ShouldBe(30, 1e-9);
        Significance.MannWhitney(a, same).P.ShouldBe(1, 1e-9);
    }

    /// <summary>U for tiny samples by counting pairs, against the rank-sum statistic behind the p-value.</summary>
    [Fact]
    public void Mann_whitney_with_ties_matches_pair_counting()
    {
        double[] a = [1, 2, 2, 3, 5], b = [2, 3, 4, 6, 7, 8];
        var u = a.Sum(x => b.Sum(y => x > y ? 1.0 : x == y ? 0.5 : 0));
        var all = a.Concat(b).Order().ToArray();
        var tie = all.GroupBy(x => x).Sum(g => Math.Pow(g.Count(), 3) - g.Count());
        var variance = 5.0 * 6 / 12 * (12 - (tie / (11.0 * 10)));
        var expected = Significance.TwoSided((u - 15) / Math.Sqrt(variance));

        Significance.MannWhitney(a, b).P.ShouldBe(expected, 1e-12);
    }
}
