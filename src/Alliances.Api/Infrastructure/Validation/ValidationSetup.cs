using System.Text.Json;
using FluentValidation;

namespace Alliances.Api.Infrastructure.Validation;

/// <summary>Registers validators and makes their field names match the JSON the client sent (camelCase paths).</summary>
public static class ValidationSetup
{
    public static IServiceCollection AddAlliancesValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.LanguageManager.Enabled = false;
        services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
        return services;
    }

    /// <summary>Validates the <typeparamref name="T"/> body of this endpoint before its handler runs.</summary>
    public static RouteHandlerBuilder Validates<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
