using JourneyLens.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JourneyLens.Core.Yaml;

/// <summary>Loads a YAML document into nodes that keep their line and column, turning every parser failure into an <see cref="InputException"/>.</summary>
public static class YamlLoader
{
    public static YamlNode? Load(string yaml, string file)
    {
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

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }
}
