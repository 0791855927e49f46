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

    /// <summary>A standalone page: map render (the default there).</summary>
    Html,

    /// <summary>Mermaid journey syntax: map render.</summary>
    Mermaid,

    /// <summary>A Parquet file: export, with --output.</summary>
    Parquet,
}
