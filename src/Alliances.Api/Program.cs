using Alliances.Api.Features;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Infrastructure.Health;
using Alliances.Api.Infrastructure.Idempotency;
using Alliances.Api.Infrastructure.Integrations;
using Alliances.Api.Infrastructure.OpenApi;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Api.Platform;

var builder = WebApplication.CreateBuilder(args);

builder.AddAlliancesDatabase();
builder.AddAlliancesLogging();
builder.Services.AddAlliancesCore(builder.Configuration);
builder.Services.AddAlliancesProblemDetails();
builder.Services.AddAlliancesHealth();
builder.Services.AddAlliancesOpenApi();
builder.Services.AddAlliancesAuth(builder.Configuration);
builder.Services.AddPlatform();
builder.Services.AddAllianceFeatures();
builder.Services.AddAlliancesIntegrations(builder.Configuration);

var app = builder.Build();

app.UseAlliancesForwardedHeaders();
app.UseAlliancesProblemDetails();
app.MapAlliancesOpenApi();
app.UseRouting();
app.UseAlliancesTenancyAndAuth();
app.UseAlliancesRequestTextGuard();
app.UseAlliancesIdempotency();
app.MapAlliancesHealth();
app.MapPlatformApi();
app.MapAllianceApi();

app.Run();

/// <summary>The entry point; public so WebApplicationFactory and the CLI can host it.</summary>
public partial class Program;
