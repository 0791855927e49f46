using JourneyLens.Core.Events;

namespace JourneyLens.Generation.Scenarios;

/// <summary>
/// Flying door to door: inspiration → search and compare → book and pay → packing (a non-touchpoint, seen only in
/// survey answers) → check-in → bag drop → boarding → flight → baggage claim → complaint → review → next booking.
/// </summary>
internal sealed class AirlineScenario : Scenario
{
    private const int Business = 0, Family = 1, Budget = 2;

    // Planted effect sizes: the simulation and the truth file read the same constants.
    private static readonly double[] CompareRate = [0.30, 0.60, 0.70];
    private const double BookIfCompared = 0.55, BookIfNotCompared = 0.20;
    private const double ManageBookingRate = 0.35;
    private const double HandoffLoss = 0.06;
    private const double OnlineCheckInRate = 0.80;
    private const double CheckInFailBefore = 0.25, CheckInFailAfter = 0.08, CallAfterFailure = 0.70;
    private static readonly double[] BagDropRate = [0.30, 0.90, 0.60];
    private static readonly double[] BookingNpsMean = [7.6, 8.0, 7.8];
    private static readonly double[] FlightNpsMean = [8.0, 7.8, 7.5];
    private static readonly double[] BaggageNpsMean = [5.5, 3.5, 5.0];
    private const double NpsResponse = 0.25, CsatResponse = 0.30, CesResponse = 0.20, PackingResponse = 0.15;
    private static readonly double[] NextBookingRate = [0.50, 0.20, 0.25];

    private static readonly Label SawAd = new("Saw ad"), SocialPost = new("Saw social post"), SearchEngine = new("Searched on search engine");
    private static readonly Label SearchedFlights = new("Searched flights"), ComparedFares = new("Compared fares"), ManagedBooking = new("Managed booking");
    private static readonly Label BookedFlight = new("Booked flight"), Paid = new("Paid"), Confirmation = new("Booking confirmation"), AbandonedSearch = new("Left without booking");
    private static readonly Label Packing = new("Packing"), CheckedInOnline = new("Checked in online"), CheckInFailed = new("Online check-in failed");
    private static readonly Label CalledAboutCheckIn = new("Called contact centre"), CheckedInAtDesk = new("Checked in at desk"), DroppedBag = new("Dropped bag");
    private static readonly Label Boarded = new("Boarded"), Flew = new("Flew"), CollectedBaggage = new("Collected baggage"), Complained = new("Complained");
    private static readonly Label WroteReview = new("Wrote review"), Airport = new("airport"), Flight = new("flight"), Resolved = new("resolved");

    public override string Name => "airline";
    public override string Description => "Airline: business, family and budget travellers from inspiration to baggage claim and the next booking";
    internal override Label[] Personas { get; } = [new("business"), new("family"), new("budget")];
    internal override double[] PersonaShares { get; } = [0.3, 0.3, 0.4];

    internal override void Simulate(Journey j, int persona)
    {
        var trips = 0;
        do
        {
            trips++;
        }
        while (Trip(j, persona, returning: trips > 1) && j.Rng.Chance(NextBookingRate[persona]) && trips < 4 && NextTrip(j));
    }

    private static bool NextTrip(Journey j)
    {
        j.WaitDays(30, 120);
        return true;
    }

    /// <summary>One trip; returns whether the customer flew (only then may they book again).</summary>
    private static bool Trip(Journey j, int persona, bool returning)
    {
        var rng = j.Rng;
        if (!returning)
        {
            var source = rng.Between(0, 2);
            j.Emit(source == 2 ? Labels.Search : Labels.Social, source switch { 0 => SawAd, 1 => SocialPost, _ => SearchEngine }, Ids.Anonymous);
            j.Wait(30);
        }

        var channel = persona == Business && rng.Chance(0.6) ? Labels.App : Labels.Web;
        var searches = rng.Between(1, 3);
        for (var s = 0; s < searches; s++)
        {
            j.Digital(channel, SearchedFlights);
            j.Wait(8);
        }

        // Managing an existing booking loops, and has no bearing on whether this search ends in a booking.
        if (rng.Chance(ManageBookingRate))
        {
            var loops = rng.Between(2, 4);
            for (var l = 0; l < loops; l++)
            {
                j.Digital(channel, ManagedBooking);
                j.Wait(3);
                j.Digital(channel, SearchedFlights);
                j.Wait(3);
            }
        }

        var compared = rng.Chance(CompareRate[persona]);
        if (compared)
        {
            j.Digital(channel, ComparedFares);
            j.Wait(10);
        }

        if (!rng.Chance(compared ? BookIfCompared : BookIfNotCompared))
        {
            j.Digital(channel, AbandonedSearch);
            return false;
        }

        var fare = persona switch { Business => 420, Family => 780, _ => 140 } * (0.7 + 0.6 * rng.Uniform());
        j.Identify(channel, BookedFlight, fare);
        j.Wait(2);
        j.Digital(channel, Paid);
        j.Wait(1);
        j.Email(Confirmation);
        j.Survey(ScoreType.Nps, BookingNpsMean[persona], BookedFlight, NpsResponse);

        if (rng.Chance(HandoffLoss))
        {
            return false; // lost between sales (booking) and service (check-in): never checks in
        }

        j.WaitDays(7, 60);
        j.Survey(ScoreType.Ces, persona == Family ? 4.5 : 3.0, Packing, PackingResponse);
        j.Wait(600);

        if (rng.Chance(OnlineCheckInRate))
        {
            if (rng.Chance(j.Improved ? CheckInFailAfter : CheckInFailBefore))
            {
                j.Digital(channel, CheckInFailed);
                if (rng.Chance(CallAfterFailure))
                {
                    j.Now += (long)(rng.Uniform() * 20 * 3_600_000) + 60_000; // within 24 hours
                    j.Call(CalledAboutCheckIn, Resolved);
                    j.Survey(ScoreType.Csat, 3.0, CalledAboutCheckIn, CsatResponse);
                }

                j.Wait(600);
                j.Known(Airport, CheckedInAtDesk);
            }
            else
            {
                j.Digital(channel, CheckedInOnline);
                j.Survey(ScoreType.Ces, 2.0, CheckedInOnline, CesResponse);
                j.Wait(600);
            }
        }
        else
        {
            j.Wait(600);
            j.Known(Airport, CheckedInAtDesk);
        }

        var bag = rng.Chance(BagDropRate[persona]);
        if (bag)
        {
            j.Wait(20);
            j.Known(Airport, DroppedBag);
        }

        j.Wait(60);
        j.Known(Airport, Boarded);
        j.Wait(150);
        j.Known(Flight, Flew);
        j.Survey(ScoreType.Nps, FlightNpsMean[persona], Flew, NpsResponse);
        if (bag)
        {
            j.Wait(35);
            j.Known(Airport, CollectedBaggage);
            var score = j.Survey(ScoreType.Nps, BaggageNpsMean[persona], CollectedBaggage, NpsResponse);
            if (rng.Chance(score is <= 4 ? 0.5 : 0.08))
            {
                j.WaitDays(0, 2);
                var how = rng.Between(0, 2);
                if (how == 0)
                {
                    j.Call(Complained);
                }
                else
                {
                    j.Emit(how == 1 ? Labels.Email : Labels.Social, Complained, how == 1 ? Ids.Email : Ids.Anonymous);
                }
            }
        }

        if (rng.Chance(0.10))
        {
            j.WaitDays(1, 10);
            j.Emit(Labels.Review, WroteReview, Ids.Email);
        }

        return true;
    }

    public override IReadOnlyList<PlantedEffect> Effects(GeneratorOptions options) =>
    [
        new("failed_online_check_in",
            "Online check-in fails for a share of customers; most of those call the contact centre within 24 hours (failed self-service and a channel switch). After the improvement date the failure rate drops.",
            new Dictionary<string, double>
            {
                ["online_check_in_share"] = OnlineCheckInRate,
                ["failure_rate_before"] = CheckInFailBefore,
                ["failure_rate_after"] = CheckInFailAfter,
                ["call_within_24h_after_failure"] = CallAfterFailure,
                ["improvement_date_unix_ms"] = options.ImprovementDate!.Value.ToUnixTimeMilliseconds(),
            }),
        new("baggage_claim_low_point",
            "NPS after baggage claim is clearly below the NPS after booking and after the flight; worst for families.",
            PerPersona(("expected_nps_after_booking", BookingNpsMean), ("expected_nps_after_flight", FlightNpsMean), ("expected_nps_after_baggage", BaggageNpsMean))),
        new("decisive_compare",
            "Comparing fares strongly raises the chance that a search ends in a booking (a decisive touchpoint).",
            new Dictionary<string, double> { ["booking_rate_if_compared"] = BookIfCompared, ["booking_rate_if_not_compared"] = BookIfNotCompared }),
        new("unnecessary_manage_booking",
            "'Managed booking' is visited in loops with searching and has no effect on booking (an unnecessary touchpoint).",
            new Dictionary<string, double> { ["visit_rate"] = ManageBookingRate, ["effect_on_booking_rate"] = 0 }),
        new("sales_to_service_handoff_loss",
            "Between booking (sales) and check-in (service) a share of customers is lost: they never check in.",
            new Dictionary<string, double> { ["loss_rate"] = HandoffLoss }),
    ];

    /// <summary>Expected NPS per persona: exact, whatever mix of personas answers.</summary>
    private Dictionary<string, double> PerPersona(params (string Name, double[] Means)[] moments)
    {
        var parameters = new Dictionary<string, double> { ["nps_response_rate"] = NpsResponse };
        foreach (var (name, means) in moments)
        {
            for (var p = 0; p < Personas.Length; p++)
            {
                parameters[$"{name}_{Personas[p].Text}"] = Math.Round(ScoreModel.ExpectedNps(means[p]), 2);
            }
        }

        return parameters;
    }
}
