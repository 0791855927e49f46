using System.Buffers;
using JourneyLens.Core.Events;

namespace JourneyLens.Generation;

/// <summary>
/// One customer being simulated: a clock that only moves forward, what the organisation knows about them (anonymous
/// until they log in or order), and helpers that emit touchpoints and survey answers.
/// </summary>
internal sealed class Journey(EventFormatter formatter, ArrayBufferWriter<byte> output, GeneratorOptions options)
{
    private const long Minute = 60_000;
    private int _sequence;

    public Rng Rng;
    public int Customer { get; private set; }
    public Label Persona { get; private set; } = null!;
    public long Now { get; set; }

    /// <summary>True once the customer has logged in or ordered: their web and app events carry the customer id.</summary>
    public bool LoggedIn { get; set; }

    /// <summary>True once a contact centre agent has linked this phone number to the customer.</summary>
    public bool PhoneVerified { get; set; }
    public int Device { get; set; }
    public long Events { get; private set; }

    public void Start(int customer, Label persona, long startMs, Rng rng)
    {
        Customer = customer;
        Persona = persona;
        Now = startMs;
        Rng = rng;
        LoggedIn = false;
        PhoneVerified = false;
        Device = 1;
        _sequence = 0;
    }

    /// <summary>Moves the clock on by an exponential wait with the given mean, at least a second.</summary>
    public void Wait(double meanMinutes) => Now += Math.Max(1000, (long)(Rng.Exponential(meanMinutes) * Minute));

    public void WaitDays(int min, int max) => Now += (long)(Rng.Between(min, max) * 1440 * Minute + Rng.Between(0, 600) * Minute);

    public bool After(DateTimeOffset moment) => Now >= moment.ToUnixTimeMilliseconds();

    public bool Improved => options.ImprovementDate is { } date && After(date);

    /// <summary>A web or app visit: anonymous, plus the customer id once logged in.</summary>
    public void Digital(Label channel, Label touchpoint, double value = double.NaN) =>
        Emit(channel, touchpoint, LoggedIn ? Ids.Anonymous | Ids.Customer : Ids.Anonymous, value);

    /// <summary>Logging in or ordering: the event that ties the anonymous id to the customer and their e-mail.</summary>
    public void Identify(Label channel, Label touchpoint, double value = double.NaN)
    {
        LoggedIn = true;
        Emit(channel, touchpoint, Ids.Anonymous | Ids.Customer | Ids.Email, value);
    }

    public void Email(Label touchpoint) => Emit(Labels.Email, touchpoint, Ids.Email);

    /// <summary>A phone call: the first one is verified by the agent (phone and customer id), later ones show only the number.</summary>
    public void Call(Label touchpoint, Label? outcome = null)
    {
        var ids = PhoneVerified ? Ids.Phone : Ids.Phone | Ids.Customer;
        PhoneVerified = true;
        Emit(Labels.Phone, touchpoint, ids, outcome: outcome);
    }

    /// <summary>An event at a place or partner that knows the customer by their booking or order (customer id).</summary>
    public void Known(Label channel, Label touchpoint, Label? outcome = null) => Emit(channel, touchpoint, Ids.Customer, outcome: outcome);

    /// <summary>With <paramref name="responseRate"/>, an answer to a survey sent by e-mail about <paramref name="about"/>.</summary>
    public int? Survey(ScoreType type, double mean, Label about, double responseRate)
    {
        if (!Rng.Chance(responseRate))
        {
            return null;
        }

        var saved = Now;
        Wait(120);
        var score = type switch
        {
            ScoreType.Nps => ScoreModel.Draw(ref Rng, mean, ScoreModel.NpsSpread, 0, 10),
            ScoreType.Csat => ScoreModel.Draw(ref Rng, mean, ScoreModel.CsatSpread, 1, 5),
            _ => ScoreModel.Draw(ref Rng, mean, ScoreModel.CesSpread, 1, 7),
        };
        var e = new GeneratedEvent
        {
            TimestampMs = Now,
            Ids = Ids.Email,
            Channel = Labels.Email,
            Touchpoint = Labels.SurveyAnswered,
            ScoreType = type,
            Score = score,
            About = about,
            Value = double.NaN,
        };
        Write(e);
        Now = saved; // answering later does not delay the customer's journey
        return score;
    }

    public void Emit(Label channel, Label touchpoint, Ids ids, double value = double.NaN, Label? outcome = null)
    {
        Write(new GeneratedEvent { TimestampMs = Now, Ids = ids, Device = Device, Channel = channel, Touchpoint = touchpoint, Value = value, Outcome = outcome });
    }

    private void Write(in GeneratedEvent e)
    {
        if (e.TimestampMs >= options.EndMs)
        {
            return; // the data set ends here, as a real export would
        }

        formatter.Write(output, e, Customer, ++_sequence, Persona);
        Events++;
    }
}
