using System.Globalization;
using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Filters;

/// <summary>
/// Parses the filter language of docs/analyses.md:
/// <code>
/// expr       := or
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" expr ")" | comparison
/// comparison := field ("=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") value | field ["not"] "in" "(" value ("," value)* ")"
/// field      := channel | touchpoint | score_type | score | value | outcome | prop.NAME
/// value      := 'text' (a quote doubled inside) | number
/// </code>
/// Errors name the position and what was expected.
/// </summary>
public static class FilterParser
{
    public const int MaxLength = 4000;

    public static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal) { "channel", "touchpoint", "score_type", "score", "value", "outcome" };

    public static FilterExpression Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new AnalysisException($"the filter is longer than {MaxLength} characters");
        }

        var parser = new Parser(Tokenize(text), text);
        var expression = parser.Or();
        parser.ExpectEnd();
        return expression;
    }

    private enum Kind
    {
        Word,
        Text,
        Number,
        Symbol,
        End,
    }

    private readonly record struct Token(Kind Kind, string Value, int Position);

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var start = i++;
                var text = new System.Text.StringBuilder();
                while (true)
                {
                    if (i >= s.Length)
                    {
                        throw Error(s, start, "a quoted text that is never closed");
                    }

                    if (s[i] == '\'')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '\'')
                        {
                            text.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    text.Append(s[i++]);
                }

                tokens.Add(new Token(Kind.Text, text.ToString(), start));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                var start = i++;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Number, s[start..i], start));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '.' or ':' or '-'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Word, s[start..i], start));
            }
            else if (s.AsSpan(i).StartsWith("!=") || s.AsSpan(i).StartsWith("<=") || s.AsSpan(i).StartsWith(">="))
            {
                tokens.Add(new Token(Kind.Symbol, s.Substring(i, 2), i));
                i += 2;
            }
            else if (c is '=' or '<' or '>' or '(' or ')' or ',')
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), i++));
            }
            else
            {
                throw Error(s, i, $"an unexpected character '{c}'");
            }
        }

        tokens.Add(new Token(Kind.End, "", s.Length));
        return tokens;
    }

    private static AnalysisException Error(string text, int position, string found, string? hint = null) =>
        new($"filter: {found} at position {position + 1} of \"{text}\"" + (hint is null ? "" : "; " + hint));

    /// <summary>Parentheses and nots nest at most this deep: the parser, the compiler and the filter itself recurse.</summary>
    public const int MaxNesting = 32;

    private sealed class Parser(List<Token> tokens, string text)
    {
        private int _next;
        private int _depth;

        private Token Peek => tokens[_next];

        public void ExpectEnd()
        {
            if (Peek.Kind != Kind.End)
            {
                throw Error(text, Peek.Position, $"'{Peek.Value}' where the filter should end (missing 'and' or 'or'?)");
            }
        }

        public FilterExpression Or()
        {
            var left = And();
            while (IsWord("or"))
            {
                _next++;
                left = new Or(left, And());
            }

            return left;
        }

        private FilterExpression And()
        {
            var left = Unary();
            while (IsWord("and"))
            {
                _next++;
                left = new And(left, Unary());
            }

            return left;
        }

        private FilterExpression Unary()
        {
            if (!IsWord("not") && !IsSymbol("("))
            {
                return Comparison();
            }

            if (++_depth > MaxNesting)
            {
                throw Error(text, Peek.Position, $"parentheses and 'not' nested more than {MaxNesting} deep");
            }

            FilterExpression result;
            if (IsWord("not"))
            {
                _next++;
                result = new Not(Unary());
            }
            else
            {
                _next++;
                result = Or();
                Expect(")");
            }

            _depth--;
            return result;
        }

        private FilterExpression Comparison()
        {
            var field = Peek;
            if (field.Kind != Kind.Word || !(Fields.Contains(field.Value) || (field.Value.StartsWith(Compare.PropertyPrefix, StringComparison.Ordinal) && field.Value.Length > Compare.PropertyPrefix.Length)))
            {
                // A bare word is most often a property named without its prefix (persona = 'family').
                var hint = field.Kind == Kind.Word && !IsKeyword(field.Value) ? $"a property is written prop.{field.Value}" : null;
                throw Error(text, field.Position, $"{Describe(field)} where a field was expected ({string.Join(", ", Fields)} or prop.NAME)", hint);
            }

            _next++;
            var negated = false;
            if (IsWord("not"))
            {
                negated = true;
                _next++;
            }

            if (IsWord("in"))
            {
                _next++;
                Expect("(");
                var values = new List<FilterValue> { Value() };
                while (IsSymbol(","))
                {
                    _next++;
                    values.Add(Value());
                }

                Expect(")");
                return new Compare(field.Value, negated ? Filters.Comparison.NotIn : Filters.Comparison.In, values);
            }

            if (negated)
            {
                throw Error(text, Peek.Position, $"{Describe(Peek)} after 'not' where 'in' was expected");
            }

            var op = Peek.Value switch
            {
                "=" => Filters.Comparison.Equal,
                "!=" => Filters.Comparison.NotEqual,
                "<" => Filters.Comparison.Less,
                "<=" => Filters.Comparison.LessOrEqual,
                ">" => Filters.Comparison.Greater,
                ">=" => Filters.Comparison.GreaterOrEqual,
                _ => throw Error(text, Peek.Position, $"{Describe(Peek)} where an operator (=, !=, <, <=, >, >=, in, not in) was expected"),
            };
            _next++;
            return new Compare(field.Value, op, [Value()]);
        }

        private FilterValue Value()
        {
            var token = Peek;
            _next++;
            return token.Kind switch
            {
                Kind.Text => new FilterValue(token.Value, null),
                Kind.Number when double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => new FilterValue(token.Value, n),
                Kind.Word => throw Error(text, token.Position, $"{Describe(token)} where a value was expected", $"text is written in single quotes: '{token.Value}'"),
                _ => throw Error(text, token.Position, $"{Describe(token)} where a value ('text' in single quotes, or a number) was expected"),
            };
        }

        private void Expect(string symbol)
        {
            if (!IsSymbol(symbol))
            {
                throw Error(text, Peek.Position, $"{Describe(Peek)} where '{symbol}' was expected");
            }

            _next++;
        }

        private static bool IsKeyword(string word) => word is "and" or "or" or "not" or "in";

        private static string Describe(Token token) => token.Kind == Kind.End ? "the end of the filter" : $"'{token.Value}'";

        private bool IsWord(string word) => Peek.Kind == Kind.Word && string.Equals(Peek.Value, word, StringComparison.OrdinalIgnoreCase);

        private bool IsSymbol(string symbol) => Peek.Kind == Kind.Symbol && Peek.Value == symbol;
    }
}
