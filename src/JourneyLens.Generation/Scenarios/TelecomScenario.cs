using JourneyLens.Core.Events;

namespace JourneyLens.Generation.Scenarios;

/// <summary>
/// A new phone subscription: compare plans (web, store) → order → number porting → activation → first bill →
/// support calls → upgrade or churn.
/// </summary>
internal sealed class TelecomScenario : Scenario
{
    private const int Switcher = 0;

    private static readonly double[] OrderRate = [0.55, 0.75];
    private const double PortingDelayBefore = 0.20, PortingDelayAfter = 0.07, CallAfterDelay = 0.75, RepeatCall = 0.40;
    private const double ChurnIfDelayed = 0.30, ChurnOtherwise = 0.04;
    private const double BillShock = 0.15, UpgradeRate = 0.40;
    private const double NpsResponse = 0.20, CsatResponse = 0.30;

    private static readonly Label ComparedPlans = new("Compared plans"), VisitedStore = new("Visited store"), Ordered = new("Ordered subscription");
    private static readonly Label OrderConfirmation = new("Order confirmation");
    private static readonly Label PortingRequested = new("Number porting requested"), PortingDelayed = new("Number porting delayed"), Ported = new("Number ported");
    private static readonly Label Activated = new("SIM activated"), FirstBill = new("First bill"), CalledSupport = new("Called support");
    private static readonly Label Upgraded = new("Upgraded plan"), Churned = new("Cancelled subscription"), Network = new("network"), Billing = new("billing");

    public override string Name => "telecom";
    public override string Description => "Telecom: switchers and upgraders from comparing plans to porting, the first bill, upgrade or churn";
    internal override Label[] Personas { get; } = [new("switcher"), new("upgrader")];
    internal override double[] PersonaShares { get; } = [0.55, 0.45];

    internal override void Simulate(Journey j, int persona)
    {
        var rng = j.Rng;
        var compares = rng.Between(1, 4);
        for (var c = 0; c < compares; c++)
        {
            j.Digital(Labels.Web, ComparedPlans);
            j.Wait(15);
        }

        var inStore = rng.Chance(0.3);
        if (inStore)
        {
            j.WaitDays(0, 3);
            j.Emit(Labels.Store, VisitedStore, Ids.Phone);
        }

        if (!rng.Chance(OrderRate[persona]))
        {
            return;
        }

        j.Wait(10);
        if (inStore)
        {
            j.Emit(Labels.Store, Ordered, Ids.Customer | Ids.Phone | Ids.Email, 25 + rng.Between(0, 40));
        }
        else
        {
            j.Identify(Labels.Web, Ordered, 25 + rng.Between(0, 40));
        }

        j.Email(OrderConfirmation);
        j.Survey(ScoreType.Nps, 7.5, Ordered, NpsResponse);

        var delayed = false;
        if (persona == Switcher)
        {
            j.Wait(60);
            j.Known(Network, PortingRequested);
            delayed = rng.Chance(j.Improved ? PortingDelayAfter : PortingDelayBefore);
            if (delayed)
            {
                j.WaitDays(2, 4);
                j.Known(Network, PortingDelayed);
                if (rng.Chance(CallAfterDelay))
                {
                    j.Wait(240);
                    CallSupport(j, csatMean: 2.5);
                    if (rng.Chance(RepeatCall))
                    {
                        j.WaitDays(1, 4);
                        j.Call(CalledSupport);
                    }
                }

                j.WaitDays(2, 6);
            }
            else
            {
                j.WaitDays(1, 2);
            }

            j.Known(Network, Ported);
        }

        j.Wait(120);
        j.Known(Network, Activated);
        j.Survey(ScoreType.Nps, delayed ? 3.5 : 7.8, Activated, NpsResponse);
        j.WaitDays(25, 35);
        j.Known(Billing, FirstBill);
        if (rng.Chance(BillShock))
        {
            j.Wait(1440);
            CallSupport(j, csatMean: 3.2);
        }

        j.WaitDays(20, 90);
        if (rng.Chance(delayed ? ChurnIfDelayed : ChurnOtherwise))
        {
            j.Call(Churned);
        }
        else if (persona != Switcher && rng.Chance(UpgradeRate))
        {
            j.Digital(Labels.App, Upgraded, 10 + rng.Between(0, 20));
        }
    }

    private static void CallSupport(Journey j, double csatMean)
    {
        j.Call(CalledSupport);
        j.Survey(ScoreType.Csat, csatMean, CalledSupport, CsatResponse);
    }

    public override IReadOnlyList<PlantedEffect> Effects(GeneratorOptions options) =>
    [
        new("porting_delay_calls_churn",
            "Number porting is delayed for a share of switchers; most of them call, some twice, and they churn far more often. After the improvement date fewer portings are delayed.",
            new Dictionary<string, double>
            {
                ["delay_rate_before"] = PortingDelayBefore,
                ["delay_rate_after"] = PortingDelayAfter,
                ["call_after_delay"] = CallAfterDelay,
                ["repeat_call_given_call"] = RepeatCall,
                ["churn_if_delayed"] = ChurnIfDelayed,
                ["churn_otherwise"] = ChurnOtherwise,
                ["improvement_date_unix_ms"] = options.ImprovementDate!.Value.ToUnixTimeMilliseconds(),
            }),
        new("activation_low_point",
            "NPS after activation is far lower when porting was delayed.",
            new Dictionary<string, double>
            {
                ["expected_nps_after_activation_ok"] = Math.Round(ScoreModel.ExpectedNps(7.8), 2),
                ["expected_nps_after_activation_delayed"] = Math.Round(ScoreModel.ExpectedNps(3.5), 2),
            }),
    ];
}
