using System.Buffers;
using System.Diagnostics;
using JourneyLens.Core.Errors;

namespace JourneyLens.Generation;

public sealed record GenerationResult(long Customers, long Events, TimeSpan Elapsed);

/// <summary>
/// Generates a scenario's customers in chunks, in parallel, and writes the chunks in customer order: the output is
/// the same for any number of cores, and memory stays bounded by the chunks in flight.
/// </summary>
public static class Generator
{
    private const int ChunkCustomers = 2048;

    public static GenerationResult Generate(Scenario scenario, GeneratorOptions options, Stream output, IProgress<long>? progress = null)
    {
        if (options.Customers is < 1 or > GeneratorOptions.MaxCustomers)
        {
            throw new Core.Errors.InputException($"--customers must be between 1 and {GeneratorOptions.MaxCustomers:N0}");
        }

        if (options.Days is < 1 or > 3650)
        {
            throw new Core.Errors.InputException("--days must be between 1 and 3650");
        }

        var resolved = options.Resolved();
        var clock = Stopwatch.StartNew();
        var header = new EventFormatter(resolved.Format, scenario.Name).Header();
        output.Write(header);

        var chunks = (resolved.Customers + ChunkCustomers - 1) / ChunkCustomers;
        var window = Math.Max(2, Environment.ProcessorCount * 2);
        long events = 0;
        var buffers = new ArrayBufferWriter<byte>[window];
        var counts = new long[window];
        for (var first = 0; first < chunks; first += window)
        {
            var n = Math.Min(window, chunks - first);
            Parallel.For(0, n, k =>
            {
                buffers[k] ??= new ArrayBufferWriter<byte>(1 << 20);
                buffers[k].ResetWrittenCount();
                counts[k] = GenerateChunk(scenario, resolved, first + k, buffers[k]);
            });

            for (var k = 0; k < n; k++)
            {
                output.Write(buffers[k].WrittenSpan);
                events += counts[k];
            }

            progress?.Report(events);
        }

        output.Flush();
        return new GenerationResult(resolved.Customers, events, clock.Elapsed);
    }

    private static long GenerateChunk(Scenario scenario, GeneratorOptions options, int chunk, ArrayBufferWriter<byte> output)
    {
        var journey = new Journey(new EventFormatter(options.Format, scenario.Name), output, options);
        var from = chunk * ChunkCustomers;
        var to = Math.Min(options.Customers, from + ChunkCustomers);
        var startMs = options.Start.ToUnixTimeMilliseconds();
        for (var c = from; c < to; c++)
        {
            var rng = new Rng(options.Seed, (ulong)c + 1);
            var persona = rng.Weighted(scenario.PersonaShares);
            var dayStart = startMs + (long)(rng.Uniform() * options.Days) * 86_400_000L;
            var timeOfDay = (long)((7 + rng.Uniform() * 15) * 3_600_000);
            journey.Start(c + 1, scenario.Personas[persona], dayStart + timeOfDay, rng);
            scenario.Simulate(journey, persona);
        }

        return journey.Events;
    }
}
