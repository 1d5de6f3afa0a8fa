namespace Alliances.LocalPostgres;

/// <summary>Where and how the private development PostgreSQL cluster runs; every property has a default.</summary>
public sealed record LocalPostgresOptions
{
    /// <summary>TCP port on 127.0.0.1. Not 5432, so a system-wide PostgreSQL can keep running beside it.</summary>
    public int Port { get; init; } = 5433;

    /// <summary>Cluster directory; null means <c>&lt;repo&gt;/.data/postgres</c> (or a /tmp fallback when running as root).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Directory holding pg_ctl and initdb; null means search PATH, then the usual install locations.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>The application database created and bootstrapped on the cluster.</summary>
    public string DatabaseName { get; init; } = "alliances";

    /// <summary>Upper bound for waiting on another process's start-up lock and for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
