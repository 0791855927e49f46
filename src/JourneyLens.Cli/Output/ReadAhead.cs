using System.Threading.Channels;

namespace JourneyLens.Cli.Output;

/// <summary>
/// Enumerates a source on another thread, a few batches ahead of the consumer: an export reads the workspace on one
/// core while the other formats and writes (measured: docs/benchmarks.md). Errors surface in the consumer; a consumer
/// that stops early stops the reading.
/// </summary>
public static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int batch = 4096, int batchesAhead = 8)
    {
        var channel = Channel.CreateBounded<List<T>>(new BoundedChannelOptions(batchesAhead) { SingleReader = true, SingleWriter = true });
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            try
            {
                var current = new List<T>(batch);
                foreach (var item in source)
                {
                    current.Add(item);
                    if (current.Count == batch)
                    {
                        await channel.Writer.WriteAsync(current, stop.Token);
                        current = new List<T>(batch);
                    }
                }

                if (current.Count > 0)
                {
                    await channel.Writer.WriteAsync(current, stop.Token);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        });

        try
        {
            while (channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var items))
                {
                    foreach (var item in items)
                    {
                        yield return item;
                    }
                }
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                reading.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
