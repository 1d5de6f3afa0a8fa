using Npgsql;

namespace Alliances.Tenancy.Database;

/// <summary>
/// The pool of the application login role. That role is not a superuser, owns no tenant schema and has no tenant
/// privileges until a connection runs SET ROLE; its default search_path holds no tenant tables.
/// </summary>
/// <param name="dataSource">The pool requests use.</param>
/// <param name="connectionString">
/// The same login's connection string, for long-lived LISTEN connections opened outside the pool. A listener that held
/// a pooled connection for the life of the process would shrink the pool requests can use (to nothing, with a pool of
/// one). Null: listeners fall back to the pool.
/// </param>
public sealed class AppDataSource(NpgsqlDataSource dataSource, string? connectionString = null) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>Opens a connection for a background LISTEN loop, outside the request pool when possible.</summary>
    public async Task<NpgsqlConnection> OpenListenerConnectionAsync(CancellationToken cancellationToken)
    {
        if (connectionString is null)
        {
            return await DataSource.OpenConnectionAsync(cancellationToken);
        }

        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "alliances-listener" };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
