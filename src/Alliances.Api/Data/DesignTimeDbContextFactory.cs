using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Alliances.Api.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the API. Migrations are rendered to SQL, never
/// applied by EF against a database, so the connection string here is never opened.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AllianceDbContext>
{
    public AllianceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AllianceDbContext>().UseNpgsql("Host=unused").UseSnakeCaseNamingConvention().Options);
}
