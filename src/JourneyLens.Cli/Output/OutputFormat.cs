namespace JourneyLens.Cli.Output;

public enum OutputFormat
{
    Table,
    Json,
    Csv,

    /// <summary>JSON lines: for data (export, generate); elsewhere the same as JSON.</summary>
    Jsonl,
}
