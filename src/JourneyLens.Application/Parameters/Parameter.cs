using System.Globalization;

namespace JourneyLens.Application.Parameters;

/// <summary>Where a form shows a parameter: with the analysis, folded under "More options", or in the filter bar.</summary>
public enum ParameterPlace
{
    Analysis,
    More,
    Filter,
}

/// <summary>What a text parameter holds, so that forms offer the right control and OpenAPI the right format.</summary>
public enum TextKind
{
    Plain,
    Date,
    Touchpoint,
    Filter,
    Duration,
}

/// <summary>
/// One option of an analysis, declared once: the CLI option, the HTTP query parameter (with its OpenAPI schema) and
/// the page's form field are all made from it. The name is the CLI option without its dashes.
/// </summary>
public abstract class Parameter(string name, string description)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>What a form calls it, in words: given, or the name with its dashes as spaces ("journey-gap" → "Journey gap").</summary>
    public string Label
    {
        get => field ?? char.ToUpperInvariant(Name[0]) + Name[1..].Replace('-', ' ');
        init;
    }

    public bool Required { get; init; }

    public ParameterPlace Place { get; init; } = ParameterPlace.Analysis;

    public TextKind Kind { get; init; } = TextKind.Plain;

    /// <summary>The value's CLR type: int, long, double, bool, string, an enum, their nullable forms, or string[] when repeated.</summary>
    public abstract Type ValueType { get; }

    public bool Repeated => ValueType.IsArray;

    /// <summary>The value when the parameter is not given.</summary>
    public abstract object? DefaultValue { get; }

    public abstract TOut Accept<TOut>(IParameterVisitor<TOut> visitor);

    /// <summary>The typed value of texts given over HTTP (one per repetition); a <see cref="RequestException"/> naming it when they do not fit.</summary>
    public abstract object? Parse(IReadOnlyList<string> texts);
}

/// <summary>Turns a parameter into something of its own type (a CLI option, a value read from a parse), without reflection.</summary>
public interface IParameterVisitor<out TOut>
{
    TOut Visit<T>(Parameter<T> parameter);
}

/// <summary>A parameter whose value is a <typeparamref name="T"/>.</summary>
public sealed class Parameter<T>(string name, string description) : Parameter(name, description)
{
    public T Default { get; init; } = default!;

    public override Type ValueType => typeof(T);

    public override object? DefaultValue => Default;

    public override TOut Accept<TOut>(IParameterVisitor<TOut> visitor) => visitor.Visit(this);

    public override object? Parse(IReadOnlyList<string> texts)
    {
        if (typeof(T) == typeof(string[]))
        {
            return texts.ToArray();
        }

        if (texts.Count > 1)
        {
            throw new RequestException($"{Name}: give it once (it was given {texts.Count} times)", Name);
        }

        var text = texts[0];
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw Expected("a whole number", text);
        }

        if (type == typeof(long))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw Expected("a whole number", text);
        }

        if (type == typeof(double))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : throw Expected("a number", text);
        }

        if (type == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "on" or "1" or "yes" => true,
                "false" or "off" or "0" or "no" => false,
                _ => throw Expected("true or false", text),
            };
        }

        if (type.IsEnum)
        {
            return Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse(type, name)
                : throw Expected("one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())), text);
        }

        throw new InvalidOperationException($"parameter {Name}: no parsing for {type.Name}");
    }

    private RequestException Expected(string what, string text) => new($"{Name}: expected {what}, found '{text}'", Name);
}
