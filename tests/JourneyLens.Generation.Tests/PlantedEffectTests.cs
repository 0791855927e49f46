namespace JourneyLens.Generation.Tests;

/// <summary>The planted effects are in the data with their stated sizes, measured by plain counts over the rows.</summary>
public class PlantedEffectTests
{
    private static readonly Lazy<GeneratedData> Airline = new(() => new GeneratedData("airline", 40_000));
    private static readonly Lazy<GeneratedData> Webshop = new(() => new GeneratedData("webshop", 40_000));
    private static readonly Lazy<GeneratedData> Telecom = new(() => new GeneratedData("telecom", 40_000));
    private static readonly Lazy<GeneratedData> Hotel = new(() => new GeneratedData("hotel", 40_000));

    [Fact]
    public void Airline_online_check_in_fails_at_the_planted_rates_before_and_after_the_improvement()
    {
        var data = Airline.Value;
        var attempts = data.Rows.Where(r => r.Touchpoint is "Online check-in failed" or "Checked in online").ToList();
        foreach (var (before, planted) in new[] { (true, data.Parameter("failed_online_check_in", "failure_rate_before")), (false, data.Parameter("failed_online_check_in", "failure_rate_after")) })
        {
            var period = attempts.Where(r => r.TimestampMs < data.ImprovementMs == before).ToList();
            var failed = period.Count(r => r.Touchpoint == "Online check-in failed");
            GeneratedData.ShouldBeNear((double)failed / period.Count, planted, period.Count, before ? "failure rate before" : "failure rate after");
        }
    }

    [Fact]
    public void Airline_customers_whose_check_in_failed_call_within_24_hours_at_the_planted_rate()
    {
        var data = Airline.Value;
        long failures = 0, calls = 0;
        foreach (var events in data.Customers.Values)
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Touchpoint != "Online check-in failed" || events[i].TimestampMs + (48L * 3_600_000) > data.Options.EndMs)
                {
                    continue;
                }

                failures++;
                var failedAt = events[i].TimestampMs;
                calls += events.Skip(i + 1).Any(e => e.Channel == "phone" && e.TimestampMs - failedAt <= 24 * 3_600_000L) ? 1 : 0;
            }
        }

        GeneratedData.ShouldBeNear((double)calls / failures, data.Parameter("failed_online_check_in", "call_within_24h_after_failure"), failures, "call within 24 h after failure");
    }

    [Fact]
    public void Airline_comparing_fares_is_decisive_and_managing_a_booking_is_not()
    {
        var data = Airline.Value;
        var firstSearches = data.Customers.Values.Select(events =>
        {
            var end = events.FindIndex(e => e.Touchpoint is "Booked flight" or "Left without booking");
            var before = events.Take(end).ToList();
            return (Booked: events[end].Touchpoint == "Booked flight", Compared: before.Any(e => e.Touchpoint == "Compared fares"), Managed: before.Any(e => e.Touchpoint == "Managed booking"));
        }).ToList();

        var compared = firstSearches.Where(s => s.Compared).ToList();
        var notCompared = firstSearches.Where(s => !s.Compared).ToList();
        GeneratedData.ShouldBeNear(compared.Count(s => s.Booked) / (double)compared.Count, data.Parameter("decisive_compare", "booking_rate_if_compared"), compared.Count, "booking if compared");
        GeneratedData.ShouldBeNear(notCompared.Count(s => s.Booked) / (double)notCompared.Count, data.Parameter("decisive_compare", "booking_rate_if_not_compared"), notCompared.Count, "booking if not compared");

        var managed = firstSearches.Where(s => s.Managed).ToList();
        var notManaged = firstSearches.Where(s => !s.Managed).ToList();
        GeneratedData.ShouldBeNear(managed.Count(s => s.Booked) / (double)managed.Count, notManaged.Count(s => s.Booked) / (double)notManaged.Count, managed.Count, "booking rate with managed booking equals that without");
    }

    [Theory]
    [InlineData("family")]
    [InlineData("business")]
    [InlineData("budget")]
    public void Airline_baggage_claim_is_a_low_point_with_the_planted_nps(string persona)
    {
        var data = Airline.Value;
        var baggage = GeneratedData.Nps(data.Rows.Where(r => r.About == "Collected baggage" && r.Persona == persona).Select(r => r.Score!.Value));
        var flight = GeneratedData.Nps(data.Rows.Where(r => r.About == "Flew" && r.Persona == persona).Select(r => r.Score!.Value));

        Math.Abs(baggage.Nps - data.Parameter("baggage_claim_low_point", $"expected_nps_after_baggage_{persona}")).ShouldBeLessThanOrEqualTo(4 * baggage.Se + 1, $"n = {baggage.N}");
        Math.Abs(flight.Nps - data.Parameter("baggage_claim_low_point", $"expected_nps_after_flight_{persona}")).ShouldBeLessThanOrEqualTo(4 * flight.Se + 1, $"n = {flight.N}");
        baggage.Nps.ShouldBeLessThan(flight.Nps - 20);
    }

    [Fact]
    public void Airline_loses_the_planted_share_of_customers_between_booking_and_check_in()
    {
        var data = Airline.Value;
        long booked = 0, lost = 0;
        foreach (var events in data.Customers.Values)
        {
            var first = events.FindIndex(e => e.Touchpoint == "Booked flight");
            if (first < 0 || events[first].TimestampMs + (70L * 86_400_000) > data.Options.EndMs)
            {
                continue;
            }

            booked++;
            var nextBooking = events.FindIndex(first + 1, e => e.Touchpoint == "Booked flight");
            var trip = events.Skip(first + 1).Take((nextBooking < 0 ? events.Count : nextBooking) - first - 1);
            lost += trip.Any(e => e.Touchpoint.Contains("heck", StringComparison.Ordinal)) ? 0 : 1;
        }

        GeneratedData.ShouldBeNear((double)lost / booked, data.Parameter("sales_to_service_handoff_loss", "loss_rate"), booked, "handoff loss");
    }

    [Fact]
    public void Webshop_deliveries_fail_and_lead_to_contacts_and_checkout_loses_the_planted_share()
    {
        var data = Webshop.Value;
        // Every order has one first delivery attempt; only a failed one is followed by a second (which succeeds).
        var attempts = new[] { (Failed: 0L, All: 0L), (Failed: 0L, All: 0L) };
        foreach (var events in data.Customers.Values)
        {
            var secondAttemptDue = false;
            foreach (var e in events.Where(e => e.Touchpoint == "Delivery attempt"))
            {
                if (secondAttemptDue)
                {
                    secondAttemptDue = false;
                    continue;
                }

                var period = e.TimestampMs < data.ImprovementMs ? 0 : 1;
                secondAttemptDue = e.Outcome == "failed";
                attempts[period] = (attempts[period].Failed + (secondAttemptDue ? 1 : 0), attempts[period].All + 1);
            }
        }

        GeneratedData.ShouldBeNear((double)attempts[0].Failed / attempts[0].All, data.Parameter("failed_delivery_repeat_contact", "failure_rate_before"), attempts[0].All, "delivery failure before");
        GeneratedData.ShouldBeNear((double)attempts[1].Failed / attempts[1].All, data.Parameter("failed_delivery_repeat_contact", "failure_rate_after"), attempts[1].All, "delivery failure after");

        long failures = 0, contacted = 0, repeated = 0;
        foreach (var events in data.Customers.Values)
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Outcome != "failed" || events[i].TimestampMs + (20L * 86_400_000) > data.Options.EndMs)
                {
                    continue;
                }

                failures++;
                var redelivered = events.FindIndex(i + 1, e => e.Touchpoint == "Delivery attempt");
                var contacts = events.Skip(i + 1).Take(redelivered - i - 1).Count(e => e.Touchpoint == "Contacted support");
                contacted += contacts > 0 ? 1 : 0;
                repeated += contacts > 1 ? 1 : 0;
            }
        }

        GeneratedData.ShouldBeNear((double)contacted / failures, data.Parameter("failed_delivery_repeat_contact", "contact_after_failure"), failures, "contact after failed delivery");
        GeneratedData.ShouldBeNear((double)repeated / contacted, data.Parameter("failed_delivery_repeat_contact", "repeat_contact_given_contact"), contacted, "repeat contact");

        var checkouts = data.Rows.Count(r => r.Touchpoint == "Started checkout");
        var paid = data.Rows.Count(r => r.Touchpoint == "Paid order");
        GeneratedData.ShouldBeNear((double)paid / checkouts, data.Parameter("checkout_drop_off", "payment_rate_after_checkout"), checkouts, "payment after checkout");
    }

    [Fact]
    public void Telecom_porting_delays_drive_churn()
    {
        var data = Telecom.Value;
        long delayed = 0, delayedChurn = 0, ok = 0, okChurn = 0;
        // Only customers who started early enough for their whole journey (at most about 140 days) to be in the data.
        foreach (var events in data.Customers.Values.Where(e => e.Any(x => x.Touchpoint == "Number ported") && e[0].TimestampMs < data.Options.EndMs - (160L * 86_400_000)))
        {
            var churned = events.Any(e => e.Touchpoint == "Cancelled subscription");
            if (events.Any(e => e.Touchpoint == "Number porting delayed"))
            {
                delayed++;
                delayedChurn += churned ? 1 : 0;
            }
            else
            {
                ok++;
                okChurn += churned ? 1 : 0;
            }
        }

        GeneratedData.ShouldBeNear((double)delayedChurn / delayed, data.Parameter("porting_delay_calls_churn", "churn_if_delayed"), delayed, "churn if delayed");
        GeneratedData.ShouldBeNear((double)okChurn / ok, data.Parameter("porting_delay_calls_churn", "churn_otherwise"), ok, "churn otherwise");
    }

    [Fact]
    public void Hotel_rooms_are_not_ready_at_the_planted_rates_and_failed_wi_fi_leads_to_calls()
    {
        var data = Hotel.Value;
        var arrivals = data.Customers.Values.Select(events => events.FirstOrDefault(e => e.Touchpoint == "Checked in at the desk")).OfType<GeneratedData.Row>().ToList();
        foreach (var (before, planted) in new[] { (true, data.Parameter("room_not_ready", "rate_before")), (false, data.Parameter("room_not_ready", "rate_after")) })
        {
            var period = arrivals.Where(a => a.TimestampMs < data.ImprovementMs == before).ToList();
            var notReady = period.Count(a => data.Customers[a.Customer].Any(e => e.Touchpoint == "Room not ready"));
            GeneratedData.ShouldBeNear((double)notReady / period.Count, planted, period.Count, before ? "room not ready before" : "after");
        }

        var wifi = data.Customers.Values.Where(e => e.Any(x => x.Touchpoint == "Wi-Fi failed")).ToList();
        var called = wifi.Count(e => e.Any(x => x.Touchpoint == "Called reception"));
        GeneratedData.ShouldBeNear((double)called / wifi.Count, data.Parameter("wifi_failed_self_service", "call_after_failure"), wifi.Count, "call after Wi-Fi failure");
    }
}
