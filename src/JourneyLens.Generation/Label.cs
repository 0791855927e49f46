using System.Text;

namespace JourneyLens.Generation;

/// <summary>A channel or touchpoint name with its UTF-8 bytes encoded once, so writing millions of events copies bytes.</summary>
public sealed class Label
{
    public Label(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\n\r\\") >= 0)
        {
            throw new ArgumentException($"a generator label must not need CSV or JSON escaping: {text}", nameof(text));
        }

        Text = text;
        Utf8 = Encoding.UTF8.GetBytes(text);
    }

    public string Text { get; }
    public byte[] Utf8 { get; }

    public override string ToString() => Text;
}
