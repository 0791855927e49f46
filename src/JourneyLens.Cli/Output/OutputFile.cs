using System.Text;
using JourneyLens.Storage;

namespace JourneyLens.Cli.Output;

/// <summary>
/// Every file a command writes with <c>--out</c>: whole or not at all (an existing file is never left half-overwritten),
/// UTF-8 without a byte-order mark, and a missing folder is a usage mistake that names it.
/// </summary>
public static class OutputFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, Action<TextWriter> write) => WriteBytes(path, stream =>
    {
        using var writer = new StreamWriter(stream, Utf8, 1 << 16);
        write(writer);
    });

    /// <summary>A binary file (Parquet), written as a text file is: whole or not at all.</summary>
    public static void WriteBytes(string path, Action<Stream> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"--out {path}: the folder {folder} does not exist");
        }

        TemporaryFiles.Replace(path, write);
    }

    public static void WriteText(string path, string text) => Write(path, writer => writer.Write(text));
}
