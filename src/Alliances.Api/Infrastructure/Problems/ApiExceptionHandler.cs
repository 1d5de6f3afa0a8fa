using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Infrastructure.Json;
using Alliances.Api.Infrastructure.Validation;
using Npgsql;

namespace Alliances.Api.Infrastructure.Problems;

/// <summary>
/// Turns exceptions into problem+json. Bad requests keep their status and say what was wrong (which JSON path, which
/// property); a lost database is a 503 with Retry-After; anything else is a 500 whose body says nothing about the
/// cause, while the log gets everything, with the alliance and trace id in scope.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            InvalidRequestException invalid => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] })
            {
                Status = 400,
                Type = invalid.ProblemType,
                Title = invalid.ProblemType == ProblemTypes.MalformedJson ? "Malformed request body" : "Invalid request",
                Detail = invalid.Message,
            },
            // Seen on PostgreSQL 15 for the first requests to an alliance claimed a moment ago: a pooled backend has not
            // yet seen the GRANT of the new alliance role to the login role. Nothing ran (the binding is the first
            // statement), and a retry a moment later succeeds, so it is a 503 with Retry-After rather than a 500.
            _ when FindPostgres(exception) is { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied
                && denied.MessageText.StartsWith("permission denied to set role", StringComparison.Ordinal) => NotReady(httpContext),
            // A lock or statement timeout: the server is up but this request waited too long (55P03, 57014).
            _ when DatabaseFailures.IsTimeout(exception) => Unavailable(httpContext, "1",
                "The database did not answer in time: the data this request needs is busy. Retry shortly."),
            // However a library wraps it (EF's InvalidOperationException around a 53300, a DbUpdateException around a
            // broken connection), a transient database failure is a 503, never a 500.
            _ when DatabaseFailures.IsTransient(exception) => Unavailable(httpContext, "5", "The database cannot be reached. Retry shortly."),
            _ => null,
        };

        if (problem?.Status == 503)
        {
            LogUnavailable(logger, ProblemDetailsSetup.AllianceOf(httpContext), httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (problem is null)
        {
            LogUnhandled(logger, ProblemDetailsSetup.AllianceOf(httpContext), httpContext.Request.Method, httpContext.Request.Path, exception);
            problem = new ProblemDetails
            {
                Status = 500,
                Type = ProblemTypes.Internal,
                Title = "Internal server error",
                Detail = "Something went wrong on our side. The trace id identifies this failure in our logs.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode;
        if (status == 413)
        {
            return new() { Status = 413, Type = ProblemTypes.PayloadTooLarge, Title = "Payload too large", Detail = "Request bodies are limited to 1 MiB." };
        }

        if (status == 415)
        {
            return new() { Status = 415, Type = ProblemTypes.UnsupportedMediaType, Title = "Unsupported media type", Detail = "Send the body as application/json." };
        }

        if (bad.InnerException is JsonException json)
        {
            var (field, message) = DescribeJsonError(json);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = 400,
                Type = ProblemTypes.MalformedJson,
                Title = "Malformed request body",
                Detail = message,
            };
        }

        // The framework's own message names internal parameter types ("Implicit body inferred for parameter…"), so it
        // goes to the debug log only; the client gets a plain statement of what is wrong.
        var missingBody = bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase);
        var detail = missingBody ? "A JSON request body is required." : "The request could not be read.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["$"] = [detail] })
        {
            Status = status,
            Type = ProblemTypes.ForStatus(status),
            Title = "Bad request",
            Detail = detail,
        };
    }

    // System.Text.Json reports unknown properties with the property in the path and its name in the message, and type
    // mismatches with a message naming our internal .NET type. Clients need the field named and nothing internal, so
    // the message is rewritten here.
    private static (string Field, string Message) DescribeJsonError(JsonException json)
    {
        var path = JsonPaths.ToFieldPath(json.Path);
        var text = json.Message;
        const string unmapped = "The JSON property '";
        var start = text.IndexOf(unmapped, StringComparison.Ordinal);
        if (start >= 0)
        {
            var nameStart = start + unmapped.Length;
            var nameEnd = text.IndexOf('\'', nameStart);
            if (nameEnd > nameStart)
            {
                var property = text[nameStart..nameEnd];
                var field = path.EndsWith(property, StringComparison.Ordinal) ? path : JsonPaths.Combine(path, property);
                return (field, $"'{property}' is not a property of this request, or it is read-only.");
            }
        }

        if (text.Contains("could not be converted", StringComparison.Ordinal))
        {
            return path.Length == 0
                ? ("$", "The body must be a JSON object.")
                : (path, $"'{path}' has a value of the wrong JSON type.");
        }

        return (path.Length == 0 ? "$" : path, "The body is not valid JSON: " + FirstLine(text));
    }

    private static string FirstLine(string text)
    {
        var cut = text.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? text[..(cut + 1)] : text;
    }

    private static ProblemDetails Unavailable(HttpContext context, string retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfter;
        return new() { Status = 503, Type = ProblemTypes.DatabaseUnavailable, Title = "Service unavailable", Detail = detail };
    }

    private static PostgresException? FindPostgres(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++, exception = exception.InnerException)
        {
            if (exception is PostgresException postgres)
            {
                return postgres;
            }
        }

        return null;
    }

    private static ProblemDetails NotReady(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return new()
        {
            Status = 503,
            Type = Tenancy.Resolution.TenancyProblems.AllianceProvisioning,
            Title = "Alliance not ready",
            Detail = "This alliance was created moments ago and is not ready on every connection yet. Retry shortly.",
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for alliance {Alliance} on {Method} {Path}; answered 503")]
    private static partial void LogUnavailable(ILogger logger, string alliance, string method, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for alliance {Alliance} on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string alliance, string method, string path, Exception exception);
}
