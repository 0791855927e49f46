using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Access;

/// <summary>What a key may do: send events only, read analyses and pages, or everything (maps, imports).</summary>
public enum KeyScope
{
    Ingest,
    Read,
    Admin,
}

public sealed record ApiKey(long Id, string Name, KeyScope Scope, DateTimeOffset Created, DateTimeOffset? Revoked);

/// <summary>
/// API keys: 32 random bytes, shown once when created; the workspace keeps only their SHA-256. A slow password hash
/// buys nothing here — the key is not a guessable password — and a plain hash lets every request be checked at once.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "jl_";
    public const int MaxNameLength = 100;

    /// <summary>Creates a key and returns its text: the only time it is ever seen.</summary>
    public static string Create(Workspace workspace, string name, KeyScope scope)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new InputException($"key name '{name}': expected 1 to {MaxNameLength} characters");
        }

        var key = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO api_keys (name, hash, scope, created_utc) VALUES ($name, $hash, $scope, $created) ON CONFLICT (name) DO NOTHING";
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$hash", Hash(key));
        cmd.Parameters.AddWithValue("$scope", scope.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("$created", workspace.Now());
        if (cmd.ExecuteNonQuery() == 0)
        {
            throw new InputException($"a key named '{name}' exists already; revoke it or choose another name");
        }

        return key;
    }

    public static IReadOnlyList<ApiKey> List(Workspace workspace) =>
        workspace.Query("SELECT id, name, scope, created_utc, revoked_utc FROM api_keys ORDER BY name",
            r => new ApiKey(r.GetInt64(0), r.GetString(1), Enum.Parse<KeyScope>(r.GetString(2), ignoreCase: true), Workspace.Time(r.GetString(3)), r.IsDBNull(4) ? null : Workspace.Time(r.GetString(4))));

    /// <summary>Revokes a key by name; false when there is no such active key.</summary>
    public static bool Revoke(Workspace workspace, string name)
    {
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "UPDATE api_keys SET revoked_utc = $now WHERE name = $name AND revoked_utc IS NULL";
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$now", workspace.Now());
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <summary>The active key with this text, or null.</summary>
    public static ApiKey? Verify(Workspace workspace, string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return null;
        }

        return workspace.Query("SELECT id, name, scope, created_utc FROM api_keys WHERE hash = $hash AND revoked_utc IS NULL",
            r => new ApiKey(r.GetInt64(0), r.GetString(1), Enum.Parse<KeyScope>(r.GetString(2), ignoreCase: true), Workspace.Time(r.GetString(3)), null),
            ("$hash", Hash(key))).FirstOrDefault();
    }

    public static bool AnyActive(Workspace workspace, params KeyScope[] scopes) =>
        List(workspace).Any(k => k.Revoked is null && scopes.Contains(k.Scope));

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
