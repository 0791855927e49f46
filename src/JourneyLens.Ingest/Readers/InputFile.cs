using System.IO.Compression;
using System.Text;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Readers;

/// <summary>Opens an input file (gzip detected by its magic bytes) and picks the reader for its format.</summary>
public static class InputFile
{
    public static IEventReader Open(string path, ImportOptions options)
    {
        if (!File.Exists(path))
        {
            throw new InputException("file not found", path);
        }

        if (options.Format == InputFormat.Parquet || options.Format == InputFormat.Auto && IsParquet(path))
        {
            return new ParquetEventReader(path, new ColumnMapping(options), new RecordBuilder(options, path));
        }

        var stream = OpenDecompressed(path);
        try
        {
            if (options.Encoding is null)
            {
                CheckEncoding(stream, path);
            }

            var format = options.Format == InputFormat.Auto ? Detect(path, stream) : options.Format;
            var builder = new RecordBuilder(options, path);
            return format switch
            {
                InputFormat.Csv => new CsvEventReader(stream, options, new ColumnMapping(options), builder),
                InputFormat.Jsonl => new JsonlEventReader(stream, options, new ColumnMapping(options), builder),
                InputFormat.Xes => new XesEventReader(stream, new ColumnMapping(options, XesEventReader.Recognise), builder),
                _ => throw new InputException($"unknown format {format}", path),
            };
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>JSON lines already in memory (an HTTP batch), read and validated exactly as a file would be.</summary>
    public static IEventReader OpenJsonl(Stream stream, string name, ImportOptions options) =>
        new JsonlEventReader(new CountingStream(stream), options, new ColumnMapping(options), new RecordBuilder(options, name));

    /// <summary>Whether the input starts with a UTF-16 byte-order mark (little or big endian).</summary>
    internal static bool StartsWithUtf16Mark(CountingStream stream) => stream.Peek() is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..];

    /// <summary>
    /// A file whose first bytes contradict its encoding is refused with what to do, never read as text it is not: a
    /// UTF-16 mark on text with no zero bytes (one-byte text after all), or text full of zero bytes with no mark (UTF-16
    /// that a reader would take for something else). Either would otherwise read as one garbled header and no rows.
    /// </summary>
    private static void CheckEncoding(CountingStream stream, string path)
    {
        var start = stream.Peek();
        var zeros = start.Count((byte)0);
        if (StartsWithUtf16Mark(stream) && start.Length > 8 && zeros == 0)
        {
            throw new InputException("the file starts with a UTF-16 byte-order mark, but its text is not UTF-16; remove the mark (save it as UTF-8)", path, 1);
        }

        if (!StartsWithUtf16Mark(stream) && start.Length >= 8 && zeros * 4 >= start.Length)
        {
            throw new InputException("the file looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 with its mark)", path, 1);
        }
    }

    /// <summary>The encoding to read text with: strict UTF-8 unless told otherwise, so bad bytes are reported, not replaced.</summary>

    public static Encoding TextEncoding(ImportOptions options) => options.Encoding ?? new UTF8Encoding(false, throwOnInvalidBytes: true);

    private static CountingStream OpenDecompressed(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var n = file.Read(magic);
        file.Position = 0;
        Stream inner = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new CountingStream(new BufferedStream(inner, 1 << 16));
    }

    /// <summary>A Parquet file starts (and ends) with "PAR1"; it is read in place, never through gzip.</summary>
    private static bool IsParquet(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PAR1"u8)
            || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
    }

    private static InputFormat Detect(string path, CountingStream stream)
    {
        var name = path.ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            name = name[..^3];
        }

        switch (Path.GetExtension(name))
        {
            case ".csv" or ".tsv" or ".txt": return InputFormat.Csv;
            case ".jsonl" or ".ndjson" or ".json": return InputFormat.Jsonl;
            case ".xes" or ".xml": return InputFormat.Xes;
        }

        var first = stream.PeekFirstNonWhitespace();
        return first switch
        {
            '<' => InputFormat.Xes,
            '{' => InputFormat.Jsonl,
            _ => InputFormat.Csv,
        };
    }
}
