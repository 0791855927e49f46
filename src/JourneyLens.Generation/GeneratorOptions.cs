namespace JourneyLens.Generation;

/// <summary>Options of <c>journeylens generate</c>. The same options and seed always give byte-identical output.</summary>
public sealed record GeneratorOptions
{
    public const int MaxCustomers = 20_000_000;

    public int Customers { get; init; } = 10_000;
    public ulong Seed { get; init; } = 42;
    public DateTimeOffset Start { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Days over which customers start their journeys; events after start + days + the tail are not written.</summary>
    public int Days { get; init; } = 180;
    public GeneratedFormat Format { get; init; } = GeneratedFormat.Csv;

    /// <summary>When the planted improvement takes effect; by default halfway through the period.</summary>
    public DateTimeOffset? ImprovementDate { get; init; }

    /// <summary>Journeys that start near the end run on for this many days before the data set is cut off.</summary>
    public const int TailDays = 120;

    public long EndMs => Start.AddDays(Days + TailDays).ToUnixTimeMilliseconds();

    public GeneratorOptions Resolved() => this with { ImprovementDate = ImprovementDate ?? Start.AddDays(Days / 2.0) };
}
