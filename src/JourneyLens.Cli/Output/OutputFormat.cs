namespace JourneyLens.Cli.Output;

public enum OutputFormat
{
    Table,
    Json,
    Csv,

    /// <summary>JSON lines: for data (export, generate); elsewhere the same as JSON.</summary>
    Jsonl,

    /// <summary>A picture, for the analyses that have one (paths: Sankey; funnel: bar chart).</summary>
    Svg,
}
