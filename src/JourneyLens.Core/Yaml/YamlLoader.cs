using JourneyLens.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JourneyLens.Core.Yaml;

/// <summary>
/// Loads a YAML document into nodes that keep their line and column, turning every parser failure into an
/// <see cref="InputException"/>. Every document is bounded first — in size, and in nesting by a pass over the parser's
/// events that does not recurse — so that no document can exhaust the stack or take time out of proportion.
/// </summary>
public static class YamlLoader
{
    /// <summary>Far more than a journey map or a catalogue needs (they nest five or six deep).</summary>
    public const int MaxNesting = 64;

    public const int MaxCharacters = 4_000_000;

    public static YamlNode? Load(string yaml, string file)
    {
        if (yaml.Length > MaxCharacters)
        {
            throw new InputException($"larger than {MaxCharacters:N0} characters; a journey map or catalogue is far smaller", file);
        }

        CheckNesting(yaml, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InputException($"not valid YAML: {e.InnerException?.Message ?? e.Message}", file, e.Start.Line);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some unterminated flow collections instead of a YamlException.
            throw new InputException("not valid YAML: an unterminated [ ] or { } collection", file);
        }
        catch (ArgumentException e)
        {
            // ... and this for a parser event its node builder does not know (a stray ':' in some places).
            throw new InputException($"not valid YAML: {e.Message.Split(" (Parameter", 2)[0]}", file);
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static void CheckNesting(string yaml, string file)
    {
        try
        {
            var parser = new Parser(new StringReader(yaml));
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart when ++depth > MaxNesting:
                        throw new InputException($"nested more than {MaxNesting} deep; a journey map or catalogue nests a few levels", file, parser.Current.Start.Line);
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Not valid YAML: the load that follows says where and why.
        }
        catch (InvalidOperationException)
        {
            // As in Load: some unterminated collections end the scanner this way.
        }
    }
}
