using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Alliances.Api.Infrastructure.Json;

/// <summary>
/// One set of JSON rules for every endpoint: camelCase properties, snake_case enum strings, and unknown properties
/// rejected rather than ignored (a client sending <c>id</c> or <c>tenantId</c> gets a 400 naming it, per OWASP API3).
/// </summary>
public static class JsonSetup
{
    public static IServiceCollection AddAlliancesJson(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => Apply(options.SerializerOptions));
        // Minimal APIs throw BadHttpRequestException on unreadable bodies instead of answering a bare 400, so the
        // exception handler can say which field was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
    }
}
