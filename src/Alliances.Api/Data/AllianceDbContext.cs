using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Data;

/// <summary>
/// The one EF model shared by every alliance. Tables are unqualified: the schema comes from the connection's
/// search_path, set by <see cref="Tenancy.Binding.TenantConnectionBinder"/> as the connection opens. A model per
/// tenant would grow memory with every alliance (dotnet/efcore #25121), so there is exactly one.
/// </summary>
public sealed class AllianceDbContext(DbContextOptions<AllianceDbContext> options) : DbContext(options)
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AllianceDbContext).Assembly);
    }
}
