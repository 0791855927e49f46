using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyLens.Web.Security;

/// <summary>Every form that changes something is read the same way: size bound first, then the antiforgery token, then the fields.</summary>
public static class FormPost
{
    /// <summary>The form, or null when the body is larger than <paramref name="maxBytes"/> (answer 413).</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    public static IResult TooLarge(long maxBytes) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "Too large", $"This form takes at most {maxBytes:N0} bytes.");
}
