using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using Microsoft.OpenApi;

namespace JourneyLens.Web.Api;

/// <summary>A parameter of the registry as OpenAPI describes it: integer, number, boolean, date, enum or a repeated value.</summary>
public static class OpenApiParameters
{
    public static OpenApiParameter Query(Parameter parameter) => new()
    {
        Name = parameter.Name,
        In = ParameterLocation.Query,
        Description = parameter.Description,
        Required = parameter.Required,
        Schema = parameter.Repeated ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = Schema(parameter, typeof(string)) } : Schema(parameter, parameter.ValueType),
        Explode = parameter.Repeated,
    };

    /// <summary>The positional value as the last segment of the path.</summary>
    public static OpenApiParameter Path(PositionalArgument argument) => new()
    {
        Name = argument.Name,
        In = ParameterLocation.Path,
        Description = argument.Description,
        Required = true,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiSchema Schema(Parameter parameter, Type valueType)
    {
        var type = Nullable.GetUnderlyingType(valueType) ?? valueType;
        if (type == typeof(int) || type == typeof(long))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = type == typeof(int) ? "int32" : "int64", Default = Default(parameter) };
        }

        if (type == typeof(double))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Default = Default(parameter) };
        }

        if (type == typeof(bool))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Boolean };
        }

        if (type.IsEnum)
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = Enum.GetNames(type).Select(n => (System.Text.Json.Nodes.JsonNode)n.ToLowerInvariant()).ToList(),
                Default = Default(parameter),
            };
        }

        return new OpenApiSchema { Type = JsonSchemaType.String, Format = parameter.Kind == TextKind.Date ? "date" : null, Default = Default(parameter) };
    }

    private static System.Text.Json.Nodes.JsonNode? Default(Parameter parameter) => parameter.DefaultValue switch
    {
        null or string[] => null,
        Enum e => e.ToString().ToLowerInvariant(),
        int i => i,
        long l => l,
        double d => d,
        string s => s,
        _ => null,
    };
}
