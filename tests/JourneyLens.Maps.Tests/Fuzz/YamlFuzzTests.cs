using System.Text;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Errors;
using JourneyLens.Ingest.Catalogue;
using JourneyLens.Maps.Validation;
using JourneyLens.Testing;

namespace JourneyLens.Maps.Tests.Fuzz;

/// <summary>
/// Hostile variants of a journey map and of a touchpoint catalogue (fixed seeds): a map is answered with its problems,
/// a catalogue with a user error, never with an internal error, a stack overflow or a long wait.
/// </summary>
public sealed class YamlFuzzTests
{
    private const int Cases = 2_000;

    [Fact]
    public void No_variant_of_a_map_ends_in_anything_but_its_problems()
    {
        var seed = File.ReadAllBytes(Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", "airline-door-to-door.yaml"));
        var catalogue = CatalogueYaml.Parse(Generation.Scenario.Find("airline").CatalogueYaml(), "airline.yaml");
        Fuzz(seed, yaml => MapValidator.Check(yaml, "map.yaml", catalogue, null));
    }

    [Fact]
    public void No_variant_of_a_catalogue_ends_in_anything_but_a_user_error()
    {
        var seed = Encoding.UTF8.GetBytes(Generation.Scenario.Find("airline").CatalogueYaml());
        Fuzz(seed, yaml =>
        {
            try
            {
                CatalogueYaml.Parse(yaml, "catalogue.yaml");
            }
            catch (InputException)
            {
                // the user's to fix, with file and line
            }
        });
    }

    /// <summary>Cases the long run in bench/ found (a parser event YamlDotNet's node builder rejects), kept here.</summary>
    private static readonly int[] Found = [1_002_630, 1_006_236, 1_043_916, 1_013_846];

    private static void Fuzz(byte[] seed, Action<string> read) =>
        Mutations.Failures(seed, Enumerable.Range(0, Cases).Concat(Found), (_, bytes) => read(Encoding.UTF8.GetString(bytes)), "document.yaml").ShouldBeEmpty();
}
