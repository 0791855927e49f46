using System.Text;

namespace JourneyLens.Ingest.Readers;

/// <summary>
/// Lines of a UTF-8 stream, each decoded on its own, so that invalid bytes are reported on the line that holds them
/// (a text reader decodes a whole buffer ahead of its lines). A UTF-8 byte-order mark is skipped.
/// </summary>
internal sealed class Utf8Lines(Stream stream)
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof, _first = true;

    /// <summary>The next line without its line end, or null at the end; <see cref="DecoderFallbackException"/> when it is not UTF-8.</summary>
    public string? ReadLine()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || (_eof && _end > _start))
            {
                var stop = newline >= 0 ? newline : _end;
                var length = stop - _start;
                if (length > 0 && _buffer[stop - 1] == '\r')
                {
                    length--;
                }

                var text = Strict.GetString(_buffer, _start, length);
                _start = newline >= 0 ? newline + 1 : _end;
                return text;
            }

            if (_eof)
            {
                return null;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _eof = read == 0;
        _end += read;
        if (_first && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = 3;
        }

        _first = _first && _end < 3;
    }
}
