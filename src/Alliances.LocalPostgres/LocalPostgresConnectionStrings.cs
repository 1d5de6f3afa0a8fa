namespace Alliances.LocalPostgres;

/// <summary>Connection strings for one database on the local cluster: owner and app over TCP, superuser over the Unix socket.</summary>
/// <param name="Owner">alliances_owner over 127.0.0.1: owns the database, runs migrations.</param>
/// <param name="App">alliances_app over 127.0.0.1: the application's login, no superuser/bypass-RLS powers.</param>
/// <param name="Superuser">postgres over the private Unix socket directory: administration only.</param>
public sealed record LocalPostgresConnectionStrings(string Owner, string App, string Superuser);
