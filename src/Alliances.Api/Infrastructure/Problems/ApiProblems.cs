using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Infrastructure.Problems;

/// <summary>Typed problem results used by handlers, so every error has a stable type and a detail a person can act on.</summary>
public static class ApiProblems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more fields are invalid; see errors.",
            type: ProblemTypes.Validation, title: "Invalid request");

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);

    public static ProblemHttpResult NotFound(string what) =>
        Problem(404, ProblemTypes.NotFound, "Not found", $"No {what} exists with this id in this alliance.");
}
