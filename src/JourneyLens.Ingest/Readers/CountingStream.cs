namespace JourneyLens.Ingest.Readers;

/// <summary>A read-only pass-through stream that counts the bytes read, for progress reporting on compressed input.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private readonly byte[] _peeked = new byte[64];
    private int _peekedCount;
    private int _peekedPos;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <summary>The first bytes of the input, without consuming them (before anything is read).</summary>
    public ReadOnlySpan<byte> Peek()
    {
        if (_peekedCount == 0 && BytesRead == 0)
        {
            _peekedCount = inner.ReadAtLeast(_peeked, _peeked.Length, throwOnEndOfStream: false);
        }

        return _peeked.AsSpan(_peekedPos, _peekedCount - _peekedPos);
    }

    /// <summary>Looks at the start of the input without consuming it.</summary>
    public char PeekFirstNonWhitespace()
    {
        Peek();
        for (var i = 0; i < _peekedCount; i++)
        {
            var b = _peeked[i];
            if (b is 0xEF or 0xBB or 0xBF || char.IsWhiteSpace((char)b))
            {
                continue;
            }

            return (char)b;
        }

        return '\0';
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_peekedPos < _peekedCount)
        {
            n = Math.Min(buffer.Length, _peekedCount - _peekedPos);
            _peeked.AsSpan(_peekedPos, n).CopyTo(buffer);
            _peekedPos += n;
        }
        else
        {
            n = inner.Read(buffer);
        }

        BytesRead += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
