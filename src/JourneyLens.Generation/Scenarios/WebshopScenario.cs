using JourneyLens.Core.Events;

namespace JourneyLens.Generation.Scenarios;

/// <summary>
/// Buying online: ad / social / search → product pages and reviews → cart → checkout → payment → delivery by a partner
/// carrier → support → return → repeat purchase → review or referral.
/// </summary>
internal sealed class WebshopScenario : Scenario
{
    private const int BargainHunter = 0;

    private static readonly double[] CartRate = [0.45, 0.65];
    private const double CheckoutRate = 0.80, PaymentAfterCheckout = 0.70;
    private const double DeliveryFailBefore = 0.12, DeliveryFailAfter = 0.05, ContactAfterFailure = 0.80, RepeatContact = 0.50;
    private static readonly double[] ReturnRate = [0.20, 0.08];
    private static readonly double[] RepeatPurchaseRate = [0.20, 0.60];
    private const double NpsResponse = 0.20, CsatResponse = 0.25;

    private static readonly Label SawAd = new("Saw ad"), SocialPost = new("Saw social post"), SearchEngine = new("Searched on search engine");
    private static readonly Label ProductPage = new("Viewed product"), ReadReviews = new("Read reviews"), AddedToCart = new("Added to cart");
    private static readonly Label Checkout = new("Started checkout"), PaidOrder = new("Paid order"), OrderConfirmation = new("Order confirmation");
    private static readonly Label Tracking = new("Tracking e-mail"), DeliveryAttempt = new("Delivery attempt"), Delivered = new("Delivered");
    private static readonly Label ContactedSupport = new("Contacted support"), Returned = new("Returned item"), Referred = new("Referred a friend");
    private static readonly Label WroteReview = new("Wrote review"), Carrier = new("delivery"), Failed = new("failed"), Success = new("delivered");

    public override string Name => "webshop";
    public override string Description => "Webshop: bargain hunters and loyal customers from an ad to delivery by a partner carrier, returns and repeat purchases";
    internal override Label[] Personas { get; } = [new("bargain hunter"), new("loyal customer")];
    internal override double[] PersonaShares { get; } = [0.6, 0.4];

    internal override void Simulate(Journey j, int persona)
    {
        var purchases = 0;
        while (Purchase(j, persona, returning: purchases > 0))
        {
            purchases++;
            if (purchases >= 5 || !j.Rng.Chance(RepeatPurchaseRate[persona]))
            {
                break;
            }

            j.WaitDays(10, 90);
        }
    }

    private static bool Purchase(Journey j, int persona, bool returning)
    {
        var rng = j.Rng;
        if (!returning || rng.Chance(0.3))
        {
            var source = rng.Between(0, 2);
            j.Emit(source == 2 ? Labels.Search : Labels.Social, source switch { 0 => SawAd, 1 => SocialPost, _ => SearchEngine }, Ids.Anonymous);
            j.Wait(20);
        }

        var channel = rng.Chance(0.35) ? Labels.App : Labels.Web;
        var views = rng.Between(1, persona == BargainHunter ? 6 : 3);
        for (var v = 0; v < views; v++)
        {
            j.Digital(channel, ProductPage);
            j.Wait(2);
            if (rng.Chance(0.3))
            {
                j.Digital(channel, ReadReviews);
                j.Wait(3);
            }
        }

        if (!rng.Chance(CartRate[persona]))
        {
            return false;
        }

        j.Digital(channel, AddedToCart);
        j.Wait(5);
        if (!rng.Chance(CheckoutRate))
        {
            return false;
        }

        j.Digital(channel, Checkout);
        j.Wait(3);
        if (!rng.Chance(PaymentAfterCheckout))
        {
            return false; // the planted checkout drop-off
        }

        j.Identify(channel, PaidOrder, (persona == BargainHunter ? 45 : 90) * (0.5 + rng.Uniform()));
        j.Wait(1);
        j.Email(OrderConfirmation);
        j.Survey(ScoreType.Nps, 7.8, PaidOrder, NpsResponse);

        j.WaitDays(0, 1);
        j.Email(Tracking);
        j.WaitDays(1, 3);
        var failed = rng.Chance(j.Improved ? DeliveryFailAfter : DeliveryFailBefore);
        j.Known(Carrier, DeliveryAttempt, failed ? Failed : Success);
        if (failed)
        {
            if (rng.Chance(ContactAfterFailure))
            {
                j.Wait(600);
                Contact(j, rng.Chance(0.5));
                if (rng.Chance(RepeatContact))
                {
                    j.WaitDays(1, 5);
                    Contact(j, rng.Chance(0.5));
                }
            }

            j.WaitDays(1, 2);
            j.Known(Carrier, DeliveryAttempt, Success);
        }

        j.Known(Carrier, Delivered);
        j.Survey(ScoreType.Nps, failed ? 3.5 : 8.0, Delivered, NpsResponse);
        if (rng.Chance(ReturnRate[persona]))
        {
            j.WaitDays(2, 14);
            j.Digital(channel, Returned);
        }

        if (rng.Chance(0.08))
        {
            j.WaitDays(3, 20);
            j.Emit(Labels.Review, rng.Chance(0.5) ? WroteReview : Referred, Ids.Email);
        }

        return true;
    }

    private static void Contact(Journey j, bool chat)
    {
        if (chat)
        {
            j.Emit(Labels.Chat, ContactedSupport, Ids.Customer | Ids.Email);
        }
        else
        {
            j.Call(ContactedSupport);
        }

        j.Survey(ScoreType.Csat, 2.8, ContactedSupport, CsatResponse);
    }

    public override IReadOnlyList<PlantedEffect> Effects(GeneratorOptions options) =>
    [
        new("failed_delivery_repeat_contact",
            "The partner carrier's first delivery attempt fails for a share of orders; most of those customers contact support, half of them twice. After the improvement date the failure rate drops.",
            new Dictionary<string, double>
            {
                ["failure_rate_before"] = DeliveryFailBefore,
                ["failure_rate_after"] = DeliveryFailAfter,
                ["contact_after_failure"] = ContactAfterFailure,
                ["repeat_contact_given_contact"] = RepeatContact,
                ["improvement_date_unix_ms"] = options.ImprovementDate!.Value.ToUnixTimeMilliseconds(),
            }),
        new("checkout_drop_off",
            "A share of customers who start checkout never pay.",
            new Dictionary<string, double> { ["payment_rate_after_checkout"] = PaymentAfterCheckout, ["checkout_rate_after_cart"] = CheckoutRate }),
        new("delivery_low_point",
            "NPS after a failed delivery is far below NPS after a delivery that went right.",
            new Dictionary<string, double>
            {
                ["expected_nps_after_delivery_ok"] = Math.Round(ScoreModel.ExpectedNps(8.0), 2),
                ["expected_nps_after_delivery_failed"] = Math.Round(ScoreModel.ExpectedNps(3.5), 2),
                ["nps_response_rate"] = NpsResponse,
            }),
    ];
}
