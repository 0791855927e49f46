using System.Text.Json.Serialization;
using JourneyLens.Core.Errors;

namespace JourneyLens.Generation;

/// <summary>An effect the generator plants, with its known size: what a correct analysis must find.</summary>
public sealed record PlantedEffect(
    string Name,
    string Description,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, double> Parameters);

public sealed record PersonaShare(string Name, double Share);

/// <summary>The ground truth of a generated data set, written with <c>--truth FILE</c>.</summary>
public sealed record ScenarioTruth(
    string Scenario,
    ulong Seed,
    int Customers,
    DateTimeOffset Start,
    int Days,
    DateTimeOffset ImprovementDate,
    IReadOnlyList<PersonaShare> Personas,
    IReadOnlyList<PlantedEffect> Effects);

/// <summary>A door-to-door journey with personas and planted effects. Scenarios hold no state: one instance serves all threads.</summary>
public abstract class Scenario
{
    public static readonly IReadOnlyList<Scenario> All = [new Scenarios.AirlineScenario(), new Scenarios.HotelScenario(), new Scenarios.WebshopScenario(), new Scenarios.TelecomScenario()];

    public abstract string Name { get; }
    public abstract string Description { get; }
    internal abstract Label[] Personas { get; }
    internal abstract double[] PersonaShares { get; }

    /// <summary>Simulates one customer from their first touchpoint on; the journey's clock starts at a random moment.</summary>
    internal abstract void Simulate(Journey journey, int persona);

    /// <summary>The planted effects and their sizes for these options.</summary>
    public abstract IReadOnlyList<PlantedEffect> Effects(GeneratorOptions options);

    public ScenarioTruth Truth(GeneratorOptions options)
    {
        var o = options.Resolved();
        return new ScenarioTruth(Name, o.Seed, o.Customers, o.Start, o.Days, o.ImprovementDate!.Value,
            Personas.Select((p, i) => new PersonaShare(p.Text, PersonaShares[i])).ToList(), Effects(o));
    }

    /// <summary>The scenario's touchpoint catalogue (owners, channels, phases per lens) as YAML, for `generate --catalogue`.</summary>
    public string CatalogueYaml()
    {
        using var stream = typeof(Scenario).Assembly.GetManifestResourceStream($"{Name}.touchpoints.yaml")
            ?? throw new InvalidOperationException($"the {Name} scenario ships without a touchpoint catalogue");
        return new StreamReader(stream).ReadToEnd();
    }

    public static Scenario Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new Core.Errors.InputException($"unknown scenario '{name}'; choose {string.Join(", ", All.Select(s => s.Name))}");
}
