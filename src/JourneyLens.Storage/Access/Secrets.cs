using System.Security.Cryptography;

namespace JourneyLens.Storage.Access;

/// <summary>Random server secrets kept in the workspace (e.g. the key that signs survey links), made on first use.</summary>
public static class Secrets
{
    public static byte[] GetOrCreate(Workspace workspace, string name)
    {
        using (var insert = workspace.Connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO secrets (name, value) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING";
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$value", RandomNumberGenerator.GetBytes(32));
            insert.ExecuteNonQuery();
        }

        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM secrets WHERE name = $name";
        cmd.Parameters.AddWithValue("$name", name);
        return (byte[])cmd.ExecuteScalar()!;
    }
}
