namespace JourneyLens.Web.Hosting;

/// <summary>How the web app runs. Every size and count that comes from outside has a bound here.</summary>
public sealed record WebSettings
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The workspace folder the app reads and writes.</summary>
    public required string Workspace { get; init; }

    /// <summary>What "now" is: times received, saved, signed; a fixed clock in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The loopback names a browser on this machine uses; always accepted.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// The host names requests may be addressed to (the Host header; ports aside): the loopback names and those given.
    /// Anything else is refused, so a page of another site that a DNS trick points at this server reads nothing.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = LoopbackHosts;

    /// <summary>Every request needs a key (or a signed-in session); on when bound beyond loopback.</summary>
    public bool RequireKeys { get; init; }

    /// <summary>An event batch: Segment allows 500 KB; a little more leaves room for long property values.</summary>
    public long MaxBatchBytes { get; init; } = 1 << 20;

    public int MaxBatchMessages { get; init; } = 2_000;

    /// <summary>A file uploaded for import.</summary>
    public long MaxUploadBytes { get; init; } = 512L << 20;

    /// <summary>Any other request body (forms, map YAML).</summary>
    public long MaxFormBytes { get; init; } = 2 << 20;

    /// <summary>Requests per second per key (or per client address without one), with a burst of the same size.</summary>
    public int RequestsPerSecond { get; init; } = 500;

    /// <summary>How often received event batches are imported into the workspace.</summary>
    public TimeSpan ImportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages imported in one go at most; more wait for the next round, which then starts at once.</summary>
    public int MaxMessagesPerImport { get; init; } = 200_000;

    /// <summary>Messages that may wait in the inbox; beyond, senders are asked to come back later (429 with Retry-After).</summary>
    public long MaxWaitingMessages { get; init; } = 2_000_000;
}
