using Alliances.Tenancy.Endpoints;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// Swashbuckle generates the document at <c>/openapi/v1.json</c>; Swagger UI is at <c>/docs</c>. The committed copy in
/// <c>openapi/</c> is checked against the generated one by a test, so a change to the API shows up in review.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string BearerScheme = "bearer";
    public const string OperatorScheme = "operator";

    public static IServiceCollection AddAlliancesOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Alliances API",
                Version = "v1",
                Description =
                    "Regional coworking alliances: spaces, meetings and priorities. Each alliance is served on its own host, " +
                    "{alliance}.{apex}; claiming an alliance and the public directory are on the apex (the platform host).",
                // No LICENSE file or README statement chose one; MIT is the licence the contract is published under.
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/licenses/MIT") },
            });
            // First the host serving this document, so Swagger UI's "Try it out" on seattle.localhost:5080/docs calls
            // that host (with the key entered under Authorize), not the production default of the templates below.
            options.AddServer(new OpenApiServer
            {
                Url = "/",
                Description = "The host serving this document (an alliance's host, or the apex for the platform routes).",
            });
            options.AddServer(new OpenApiServer
            {
                Url = "https://{alliance}.{apex}",
                Description = "An alliance's host: every /v1 route except the platform routes.",
                Variables = new Dictionary<string, OpenApiServerVariable>
                {
                    ["alliance"] = new() { Default = "seattle", Description = "The alliance's sub-domain." },
                    ["apex"] = new() { Default = "alliances.dev", Description = "The platform's apex domain." },
                },
            });
            options.AddServer(new OpenApiServer
            {
                Url = "https://{apex}",
                Description = "The platform host: claiming a sub-domain, the directory, operator actions.",
                Variables = new Dictionary<string, OpenApiServerVariable>
                {
                    ["apex"] = new() { Default = "alliances.dev", Description = "The platform's apex domain." },
                },
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "alk_…",
                Description = "An API key of the alliance (alk_…), sent as Authorization: Bearer alk_….",
            });
            options.AddSecurityDefinition(OperatorScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The platform operator's key (Alliances:OperatorKey), on the platform host only.",
            });
            options.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
            options.SupportNonNullableReferenceTypes();
            options.CustomSchemaIds(SchemaId);
            options.OperationFilter<AccessAndQueryOperationFilter>();
            options.OperationFilter<IdempotencyKeyOperationFilter>();
            options.OperationFilter<ResponsesOperationFilter>();
            options.OperationFilter<MergePatchDocumentFilter>();
            options.SchemaFilter<ValidatorSchemaFilter>();
            // In this order: merge-patch schemas are cut from the write schemas, then tidied, then given examples.
            options.DocumentFilter<MergePatchDocumentFilter>();
            options.DocumentFilter<ContractDocumentFilter>();
            options.DocumentFilter<ExamplesDocumentFilter>();
            options.UseAllOfToExtendReferenceSchemas();
        });
        // Swashbuckle reads MVC's JsonOptions by default, but the endpoints serialize with the minimal-API ones
        // (JsonSetup): without this the document declared enums as integers while the wire carries snake_case strings.
        services.Replace(ServiceDescriptor.Transient<ISerializerDataContractResolver>(provider =>
            new JsonSerializerDataContractResolver(provider.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions)));
        return services;
    }

    /// <summary>
    /// Use cases nest their <c>Request</c>/<c>Response</c> types, so the declaring type is part of the schema id
    /// (<c>ClaimAllianceResponse</c>); generic types read as English (<c>ApiKeyViewPage</c>).
    /// </summary>
    public static string SchemaId(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = type.IsGenericType
            ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]
            : type.Name;
        return type.IsNested && type.DeclaringType is { } outer ? SchemaId(outer) + name : name;
    }

    /// <summary>
    /// Swagger's middlewares run only for <c>/openapi</c> and <c>/docs</c>. In the main pipeline they would look at every
    /// API request (the UI's redirect check is a regex match), a cost the hot reads pay for nothing.
    /// </summary>
    public static WebApplication MapAlliancesOpenApi(this WebApplication app)
    {
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase) ||
                context.Request.Path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase),
            docs =>
            {
                docs.UseSwagger(options => options.RouteTemplate = "/openapi/{documentName}.json");
                docs.UseSwaggerUI(options =>
                {
                    options.RoutePrefix = "docs";
                    options.SwaggerEndpoint(DocumentPath, "Alliances API v1");
                    options.DocumentTitle = "Alliances API";
                    options.EnableDeepLinking();
                });
            });
        return app;
    }
}
