using Npgsql;

namespace Alliances.Tenancy.Database;

/// <summary>
/// The pool of the application login role. That role is not a superuser, owns no tenant schema and has no tenant
/// privileges until a connection runs SET ROLE; its default search_path holds no tenant tables.
/// </summary>
public sealed class AppDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
