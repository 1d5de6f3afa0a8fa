using System.Security.Cryptography;
using System.Text;

namespace Alliances.Api.Infrastructure.Auth;

/// <summary>
/// The platform operator's key, from <c>Alliances:OperatorKey</c>. Only its SHA-256 is kept in memory, and a
/// presented key is compared by hash in constant time. In Development, when none is configured, a random one is made
/// at start-up and printed to the console; elsewhere operator routes stay closed until one is configured.
/// </summary>
public sealed class OperatorKey
{
    private readonly byte[]? _hash;

    public OperatorKey(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration["Alliances:OperatorKey"];
        if (string.IsNullOrWhiteSpace(configured) && environment.IsDevelopment())
        {
            configured = "opk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            Console.Out.WriteLine($"Operator key for this run (Development only; set Alliances:OperatorKey to fix it): {configured}");
        }

        _hash = string.IsNullOrWhiteSpace(configured) ? null : Hash(configured);
    }

    /// <summary>False when no operator key is configured: then no request is an operator request.</summary>
    public bool IsConfigured => _hash is not null;

    public bool Matches(string presented) =>
        _hash is not null && CryptographicOperations.FixedTimeEquals(_hash, Hash(presented ?? ""));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
