using System.Text.Json;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Writes rejected rows as JSON lines under a temporary name; <see cref="Commit"/> gives the file its final name
/// once the import's transaction has committed, so a killed or rolled-back import leaves no quarantine behind.
/// </summary>
public sealed class QuarantineWriter : IDisposable
{
    private readonly string _folder;
    private readonly string _finalName;
    private Utf8JsonWriter? _json;
    private FileStream? _stream;

    public QuarantineWriter(string folder, string finalName)
    {
        _folder = folder;
        _finalName = finalName;
    }

    /// <summary>The quarantine file's name for an import (its number or key) of a file: <c>import-ID-NAME.jsonl</c>, the name made safe.</summary>
    public static string NameFor(string import, string file) =>
        $"import-{import}-{new string(Path.GetFileName(file).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').Take(80).ToArray())}.jsonl";

    /// <summary>This import's own temporary file (held exclusively while written, so no other import removes it).</summary>
    private string? _partialPath;
    public string FinalPath => Path.Combine(_folder, _finalName);
    public bool HasRows => _stream is not null;

    public void Write(Rejection r)
    {
        if (_stream is null)
        {
            Directory.CreateDirectory(_folder);
            _stream = TemporaryFiles.Create(FinalPath);
            _partialPath = _stream.Name;
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true });
        }

        var json = _json!;
        json.WriteStartObject();
        json.WriteString("file", r.File);
        json.WriteNumber("line", r.Line);
        json.WriteString("field", r.Field);
        json.WriteString("reason", r.Reason);
        json.WriteString("found", r.Found);
        json.WriteString("raw", r.Raw);
        json.WriteEndObject();
        json.Flush();
        json.Reset();
        _stream.WriteByte((byte)'\n');
    }

    /// <summary>Returns the final path, or null when nothing was quarantined.</summary>
    public string? Commit()
    {
        if (_stream is null)
        {
            return null;
        }

        Close();
        File.Move(_partialPath!, FinalPath, overwrite: true);
        return FinalPath;
    }

    public void Discard()
    {
        Close();
        if (_partialPath is not null && File.Exists(_partialPath))
        {
            File.Delete(_partialPath);
        }
    }

    private void Close()
    {
        _json?.Dispose();
        _stream?.Dispose();
        _json = null;
        _stream = null;
    }

    public void Dispose() => Discard();
}
