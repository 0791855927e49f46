namespace JourneyLens.Cli.Output;

public enum OutputFormat
{
    Table,
    Json,
    Csv,
}
