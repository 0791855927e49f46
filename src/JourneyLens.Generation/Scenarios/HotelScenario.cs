using JourneyLens.Core.Events;

namespace JourneyLens.Generation.Scenarios;

/// <summary>
/// A hotel stay: search and booking (direct or through a travel agent), packing (not a touchpoint, rated for effort),
/// the pre-arrival e-mail, check-in at the desk or in the app, the room Wi-Fi, room service, check-out, the invoice —
/// which business travellers need right for their expenses — and a review.
/// </summary>
internal sealed class HotelScenario : Scenario
{
    private const int Business = 0;

    private const double RoomNotReadyBefore = 0.25, RoomNotReadyAfter = 0.10;
    private const double WifiFailure = 0.15, CallAfterWifiFailure = 0.60;
    private static readonly double[] InvoiceWrong = [0.20, 0.05];
    private static readonly double[] AppCheckInRate = [0.40, 0.20];
    private const double NpsResponse = 0.30, CsatResponse = 0.35, CesResponse = 0.25;

    private static readonly Label SearchedHotels = new("Searched hotels"), BookedRoom = new("Booked room"), BookedViaAgent = new("Booked via travel agent");
    private static readonly Label Confirmation = new("Booking confirmation"), Packing = new("Packing"), PreArrival = new("Pre-arrival e-mail");
    private static readonly Label CheckedInApp = new("Checked in with the app"), CheckedInDesk = new("Checked in at the desk"), RoomNotReady = new("Room not ready");
    private static readonly Label UsedWifi = new("Used Wi-Fi"), WifiFailed = new("Wi-Fi failed"), CalledReception = new("Called reception");
    private static readonly Label RoomService = new("Ordered room service"), CheckedOut = new("Checked out"), Invoice = new("Invoice e-mail");
    private static readonly Label InvoiceCorrection = new("Asked for a corrected invoice"), WroteReview = new("Wrote review");
    private static readonly Label Hotel = new("front desk"), Agent = new("travel agent");

    public override string Name => "hotel";
    public override string Description => "Hotel stay: business and leisure travellers from booking to invoice, with packing, a room that is not ready and failing Wi-Fi";
    internal override Label[] Personas { get; } = [new("business traveller"), new("leisure traveller")];
    internal override double[] PersonaShares { get; } = [0.7, 0.3];

    internal override void Simulate(Journey j, int persona)
    {
        var rng = j.Rng;
        var channel = rng.Chance(0.4) ? Labels.App : Labels.Web;
        for (var s = rng.Between(1, 3); s > 0; s--)
        {
            j.Digital(channel, SearchedHotels);
            j.Wait(5);
        }

        if (!rng.Chance(persona == Business ? 0.75 : 0.5))
        {
            return;
        }

        if (persona == Business && rng.Chance(0.3))
        {
            j.Emit(Agent, BookedViaAgent, Ids.Customer | Ids.Email); // the agent passes on the guest's e-mail
        }
        else
        {
            j.Identify(channel, BookedRoom, (persona == Business ? 160 : 120) * (0.7 + (0.6 * rng.Uniform())));
        }

        j.Wait(1);
        j.Email(Confirmation);
        j.Survey(ScoreType.Nps, 7.5, BookedRoom, NpsResponse);

        j.WaitDays(3, 25);
        j.Email(PreArrival);
        j.WaitDays(1, 2);
        j.Survey(ScoreType.Ces, persona == Business ? 2.5 : 3.5, Packing, CesResponse);
        j.Wait(300);

        if (rng.Chance(AppCheckInRate[persona]))
        {
            j.Identify(Labels.App, CheckedInApp); // logging in to the app ties it to the booking
        }
        else
        {
            j.Known(Hotel, CheckedInDesk);
            var notReady = rng.Chance(j.Improved ? RoomNotReadyAfter : RoomNotReadyBefore);
            if (notReady)
            {
                j.Known(Hotel, RoomNotReady);
                j.Wait(90); // waiting in the lobby
                j.Known(Hotel, CheckedInDesk);
            }

            j.Survey(ScoreType.Csat, notReady ? 2.2 : 4.3, CheckedInDesk, CsatResponse);
        }

        j.Wait(30);
        // The Wi-Fi portal and room service know the guest by room number and name.
        j.Known(Labels.App, UsedWifi);
        if (rng.Chance(WifiFailure))
        {
            j.Wait(3);
            j.Known(Labels.App, WifiFailed);
            if (rng.Chance(CallAfterWifiFailure))
            {
                j.Wait(5);
                j.Call(CalledReception);
            }
        }

        if (rng.Chance(0.3))
        {
            j.Wait(120);
            j.Known(Labels.App, RoomService);
        }

        j.WaitDays(1, 3);
        j.Known(Hotel, CheckedOut);
        j.Wait(10);
        j.Email(Invoice);
        j.Survey(ScoreType.Nps, persona == Business ? 7.0 : 8.0, CheckedOut, NpsResponse);
        if (rng.Chance(InvoiceWrong[persona]))
        {
            j.WaitDays(1, 5);
            j.Emit(Labels.Email, InvoiceCorrection, Ids.Email);
        }

        if (rng.Chance(0.1))
        {
            j.WaitDays(1, 7);
            j.Emit(Labels.Review, WroteReview, Ids.Email);
        }
    }

    public override IReadOnlyList<PlantedEffect> Effects(GeneratorOptions options) =>
    [
        new("room_not_ready",
            "At the desk the room is sometimes not ready: a wait of about 90 minutes and a low CSAT for check-in. After the improvement date it happens less often.",
            new Dictionary<string, double>
            {
                ["rate_before"] = RoomNotReadyBefore,
                ["rate_after"] = RoomNotReadyAfter,
                ["improvement_date_unix_ms"] = options.ImprovementDate!.Value.ToUnixTimeMilliseconds(),
            }),
        new("wifi_failed_self_service",
            "The room Wi-Fi fails for some guests; most of them call reception (failed self-service).",
            new Dictionary<string, double> { ["failure_rate"] = WifiFailure, ["call_after_failure"] = CallAfterWifiFailure }),
        new("invoice_wrong_for_business",
            "Business travellers often need a corrected invoice for their expenses.",
            new Dictionary<string, double> { ["business"] = InvoiceWrong[Business], ["leisure"] = InvoiceWrong[1] }),
    ];
}
