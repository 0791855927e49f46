using Microsoft.AspNetCore.Http;

namespace JourneyLens.Web.Api;

/// <summary>Reads a request body up to a bound, whatever the server's own limit: declared or streamed, a byte more is refused.</summary>
public static class RequestBody
{
    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long max, CancellationToken cancel)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + n > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
