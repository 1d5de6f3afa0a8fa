using FluentValidation;

namespace Alliances.Api.Infrastructure.Validation;

/// <summary>Runs the FluentValidation validator of a request body before the handler; failures become a 400 naming each field.</summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var body = context.Arguments.OfType<T>().FirstOrDefault();
        if (body is null)
        {
            return Problems.ApiProblems.Validation(new Dictionary<string, string[]> { ["$"] = ["A JSON request body is required."] });
        }

        var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
        if (result.IsValid)
        {
            return await next(context);
        }

        var errors = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return Problems.ApiProblems.Validation(errors);
    }
}
