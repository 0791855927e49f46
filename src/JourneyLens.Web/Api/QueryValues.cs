using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using Microsoft.AspNetCore.Http;

namespace JourneyLens.Web.Api;

/// <summary>
/// A query string made into an analysis' typed parameter values: <c>?top=5&amp;step=A&amp;step=B</c>. Only the
/// analysis' own parameters are taken, each parsed by its type; an empty value means "not given"; every count and
/// length is bounded. Values never name files of the server.
/// </summary>
public static class QueryValues
{
    public const int MaxParameters = 60;
    public const int MaxValueLength = 4_000;

    public static ParameterValues Read(Analysis analysis, IQueryCollection query, string? argument, Application.Saved.SavedSegments? segments)
    {
        if (query.Count > MaxParameters)
        {
            throw new RequestException($"at most {MaxParameters} query parameters");
        }

        var known = analysis.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var values = new ParameterValues(analysis.Parameters, argument) { LocalFiles = false, Segments = segments };
        foreach (var (key, given) in query)
        {
            if (!known.TryGetValue(key, out var parameter))
            {
                throw new RequestException($"unknown parameter '{key}' for {analysis.Name}; expected one of: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}", key);
            }

            if (given.Any(v => v is null || v.Length > MaxValueLength))
            {
                throw new RequestException($"parameter '{key}': at most {MaxValueLength:N0} characters", key);
            }

            var texts = given.Where(v => v!.Length > 0).Select(v => v!).ToList();
            if (texts.Count > 0)
            {
                values.Set(key, parameter.Parse(texts));
            }
        }

        return values;
    }
}
