using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JourneyLens.Core.Events;

namespace JourneyLens.Web.Surveys;

/// <summary>Who is asked (an identifier of the person), about which touchpoint, on which scale, through which channel.</summary>
public sealed record SurveyInvite(string Survey, string IdentifierType, string Identifier, string About, ScoreType Scale, string Channel);

/// <summary>
/// One-click survey links: the token carries the invite and an HMAC-SHA256 over survey and invite with the
/// workspace's secret, so nobody can answer for another person, touchpoint or survey without the secret.
/// </summary>
public static class SurveyTokens
{
    public const string SecretName = "survey-links";
    public const int MaxTokenLength = 2_000;

    private sealed record Payload(string T, string I, string A, string K, string C);

    public static string Sign(byte[] secret, SurveyInvite invite)
    {
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Payload(invite.IdentifierType, invite.Identifier, invite.About, ScoreScales.Name(invite.Scale), invite.Channel)));
        return payload + "." + Base64Url(Mac(secret, invite.Survey, payload));
    }

    /// <summary>The invite of a genuine token for this survey; null for anything forged, altered, truncated or for another survey.</summary>
    public static SurveyInvite? Verify(byte[] secret, string survey, string? token)
    {
        if (token is null || token.Length > MaxTokenLength || token.Split('.') is not [var payload, var mac])
        {
            return null;
        }

        var given = FromBase64Url(mac);
        if (given is null || !CryptographicOperations.FixedTimeEquals(given, Mac(secret, survey, payload)) || FromBase64Url(payload) is not { } json)
        {
            return null;
        }

        try
        {
            var p = JsonSerializer.Deserialize<Payload>(json);
            return p is not null && ScoreScales.TryParse(p.K, out var scale) ? new SurveyInvite(survey, p.T, p.I, p.A, scale, p.C) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What identifies the answer to a genuine token's link, however the token was spelled on its way (padding,
    /// base64 or base64url letters in its signature): the survey and the signed payload, which the signature covers
    /// exactly. One link, one answer.
    /// </summary>
    public static string AnswerId(string survey, string token) =>
        "survey-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(survey + "\n" + token.Split('.')[0])))[..32];

    /// <summary>The link that answers <paramref name="score"/>.</summary>
    public static string Link(string baseUrl, string token, SurveyInvite invite, int score) =>
        $"{baseUrl.TrimEnd('/')}/s/{Uri.EscapeDataString(invite.Survey)}?t={Uri.EscapeDataString(token)}&score={score}";

    private static byte[] Mac(byte[] secret, string survey, string payload) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(survey + "\n" + payload));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += new string('=', (4 - s.Length % 4) % 4);
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
