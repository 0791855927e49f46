namespace JourneyLens.Ingest.Mapping;

/// <summary>
/// The common column names recognised without a mapping (documented in docs/importing.md). Matching is
/// case-insensitive and treats spaces, '-' and '_' alike, so "Complete Timestamp" and "complete_timestamp" match.
/// </summary>
public static class FieldNames
{
    /// <summary>Identifier types that can be recognised or mapped; any other type is mapped as <c>id:TYPE</c>.</summary>
    public static readonly string[] IdentifierTypes =
        ["customer_id", "user_id", "account_id", "case_id", "anonymous_id", "device_id", "session_id", "email", "phone"];

    private static readonly (FieldTarget Target, string[] Aliases)[] s_aliases =
    [
        (new(Field.Timestamp), ["timestamp", "time:timestamp", "complete timestamp", "ts", "time", "datetime", "event time", "event timestamp", "occurred at", "created at"]),
        (new(Field.Touchpoint), ["touchpoint", "activity", "concept:name", "event", "event name", "activity name", "action"]),
        (new(Field.Channel), ["channel", "case:channel", "context.channel", "properties.channel"]),
        (new(Field.EventId), ["event id", "eventid", "messageid", "message id", "uuid"]),
        (new(Field.Score), ["score", "rating", "properties.score"]),
        (new(Field.ScoreType), ["score type", "survey type", "properties.score type"]),
        (new(Field.About), ["about", "rated touchpoint", "properties.about"]),
        (new(Field.Value), ["value", "revenue", "amount", "properties.revenue", "properties.value"]),
        (new(Field.Outcome), ["outcome", "result", "properties.outcome"]),
        (new(Field.Lifecycle), ["lifecycle:transition", "lifecycle", "transition"]),
        (new(Field.ContactId), ["contact id", "contactid", "interaction id"]),
        (new(Field.MessageType), ["type"]),
        (new(Field.PreviousId), ["previousid", "previous id"]),
        (new(Field.Identifier, "customer_id"), ["customer id", "customerid", "customer", "userid"]),
        (new(Field.Identifier, "user_id"), ["user id"]),
        (new(Field.Identifier, "account_id"), ["account id", "accountid", "account"]),
        (new(Field.Identifier, "case_id"), ["case id", "caseid", "case:concept:name", "case"]),
        (new(Field.Identifier, "anonymous_id"), ["anonymous id", "anonymousid", "anon id"]),
        (new(Field.Identifier, "device_id"), ["device id", "deviceid"]),
        (new(Field.Identifier, "session_id"), ["session id", "sessionid"]),
        (new(Field.Identifier, "email"), ["email", "e-mail", "email address", "traits.email", "context.traits.email"]),
        (new(Field.Identifier, "phone"), ["phone", "phone number", "telephone", "traits.phone", "context.traits.phone"]),
    ];

    private static readonly Dictionary<string, FieldTarget> s_byAlias = BuildIndex();

    /// <summary>The field a source name is recognised as, or <see cref="FieldTarget.Property"/>.</summary>
    public static FieldTarget Recognise(string sourceName) =>
        s_byAlias.TryGetValue(Normalise(sourceName), out var target) ? target : FieldTarget.Property;

    /// <summary>Parses the left side of <c>--map field=column</c>.</summary>
    public static FieldTarget? ParseTarget(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n.StartsWith("id:", StringComparison.Ordinal) && n.Length > 3)
        {
            return new FieldTarget(Field.Identifier, n[3..]);
        }

        if (IdentifierTypes.Contains(n))
        {
            return new FieldTarget(Field.Identifier, n);
        }

        foreach (var f in Enum.GetValues<Field>())
        {
            if (f is not (Field.Identifier or Field.Property or Field.Step or Field.Flag) && Name(f) == n)
            {
                return new FieldTarget(f);
            }
        }

        return n == "property" ? FieldTarget.Property : null;
    }

    public static string Name(Field field) => field switch
    {
        Field.EventId => "event_id",
        Field.ContactId => "contact_id",
        Field.ScoreType => "score_type",
        Field.MessageType => "type",
        Field.PreviousId => "previous_id",
        Field.Ignored => "ignore",
        _ => field.ToString().ToLowerInvariant(),
    };

    /// <summary>Every name a <c>--map</c> can target, for error messages.</summary>
    public static IEnumerable<string> MappableNames =>
        Enum.GetValues<Field>().Where(f => f is not (Field.Identifier or Field.Property or Field.Step or Field.Flag)).Select(Name).Concat(IdentifierTypes).Append("id:TYPE");

    internal static string Normalise(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 256)];
        var n = 0;
        foreach (var ch in name.AsSpan().Trim())
        {
            if (n == buffer.Length)
            {
                break;
            }

            buffer[n++] = ch is '_' or '-' or ' ' ? ' ' : char.ToLowerInvariant(ch);
        }

        return new string(buffer[..n]);
    }

    private static Dictionary<string, FieldTarget> BuildIndex()
    {
        var index = new Dictionary<string, FieldTarget>(StringComparer.Ordinal);
        foreach (var (target, aliases) in s_aliases)
        {
            foreach (var alias in aliases)
            {
                index[Normalise(alias)] = target;
            }

            if (target.Field == Field.Identifier)
            {
                index[Normalise(target.IdentifierType!)] = target;
            }
            else
            {
                index[Normalise(Name(target.Field))] = target;
            }
        }

        return index;
    }
}
