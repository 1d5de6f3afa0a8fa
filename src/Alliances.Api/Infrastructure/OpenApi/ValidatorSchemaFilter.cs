using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Alliances.Api.Infrastructure.OpenApi;

/// <summary>
/// Carries each request type's FluentValidation rules into its schema, so the validators stay the one source of the
/// limits and a client can check input before sending it: NotNull/NotEmpty without a condition make a property
/// <c>required</c> (and not nullable), MaximumLength/Length give <c>maxLength</c>/<c>minLength</c>, InclusiveBetween and
/// the inclusive comparisons give <c>minimum</c>/<c>maximum</c>, Matches gives <c>pattern</c> (when it is also an
/// ECMAScript regex, which clients evaluate), EmailAddress gives <c>format: email</c>. Rules written as
/// <c>Must(…)</c> say nothing a document can carry and are left to the 400.
/// </summary>
public sealed class ValidatorSchemaFilter(IServiceScopeFactory scopes) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (schema is not OpenApiSchema { Properties.Count: > 0 } concrete || context.Type is null)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        object? validator;
        try
        {
            validator = scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(context.Type));
        }
        catch (InvalidOperationException)
        {
            // A validator with a dependency the container cannot build here: its schema keeps what the types say.
            return;
        }

        if (validator is not IEnumerable<IValidationRule> rules)
        {
            return;
        }

        foreach (var rule in rules)
        {
            if (rule.PropertyName is null ||
                !concrete.Properties!.TryGetValue(JsonNamingPolicy.CamelCase.ConvertName(rule.PropertyName), out var property))
            {
                continue;
            }

            var name = JsonNamingPolicy.CamelCase.ConvertName(rule.PropertyName);
            var forEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition().Name == "ICollectionRule`2");
            var target = forEach ? property.Items as OpenApiSchema : property as OpenApiSchema;
            foreach (var component in rule.Components)
            {
                var unconditional = !rule.HasCondition && !rule.HasAsyncCondition && !component.HasCondition && !component.HasAsyncCondition;
                switch (component.Validator)
                {
                    case INotNullValidator or INotEmptyValidator when unconditional && !forEach:
                        concrete.Required ??= new HashSet<string>(StringComparer.Ordinal);
                        concrete.Required.Add(name);
                        if (property is OpenApiSchema { Type: { } type } notNull)
                        {
                            var without = type & ~JsonSchemaType.Null;
                            notNull.Type = without == 0 ? null : without;
                        }

                        if (component.Validator is INotEmptyValidator && target is { Type: { } text } && text.HasFlag(JsonSchemaType.String))
                        {
                            target.MinLength = Math.Max(target.MinLength ?? 0, 1);
                        }

                        break;
                    case ILengthValidator length when target is not null:
                        if (length.Max > 0)
                        {
                            target.MaxLength = length.Max;
                        }

                        if (length.Min > 0)
                        {
                            target.MinLength = length.Min;
                        }

                        break;
                    case IBetweenValidator between when target is not null && between.GetType().Name.StartsWith("Inclusive", StringComparison.Ordinal):
                        target.Minimum = Number(between.From) ?? target.Minimum;
                        target.Maximum = Number(between.To) ?? target.Maximum;
                        break;
                    case IComparisonValidator { Comparison: Comparison.GreaterThanOrEqual } atLeast when target is not null:
                        target.Minimum = Number(atLeast.ValueToCompare) ?? target.Minimum;
                        break;
                    case IComparisonValidator { Comparison: Comparison.LessThanOrEqual } atMost when target is not null:
                        target.Maximum = Number(atMost.ValueToCompare) ?? target.Maximum;
                        break;
                    case IRegularExpressionValidator regex when target is not null && IsEcmaScript(regex.Expression):
                        target.Pattern = regex.Expression;
                        break;
                    case IEmailValidator when target is not null:
                        target.Format = "email";
                        break;
                    default:
                        break;
                }
            }
        }
    }

    private static string? Number(object? value) => value switch
    {
        int or long or short or double or decimal or float => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool IsEcmaScript(string? expression)
    {
        if (string.IsNullOrEmpty(expression))
        {
            return false;
        }

        try
        {
            _ = new Regex(expression, RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
