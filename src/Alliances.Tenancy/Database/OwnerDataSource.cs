using Npgsql;

namespace Alliances.Tenancy.Database;

/// <summary>
/// The pool of the owner role: it owns the platform and tenant schemas and runs migrations, claims and operator actions.
/// Request handlers of alliance routes never use it.
/// </summary>
public sealed class OwnerDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
