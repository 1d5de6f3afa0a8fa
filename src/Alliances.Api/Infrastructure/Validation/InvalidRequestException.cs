namespace Alliances.Api.Infrastructure.Validation;

/// <summary>
/// Bad input found while binding (a query parameter, a cursor). Thrown from binders that cannot return a result, and
/// turned into a 400 problem with <c>errors</c> naming the field by <see cref="Problems.ApiExceptionHandler"/>.
/// </summary>
public sealed class InvalidRequestException : Exception
{
    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message) : base(message)
    {
    }

    public InvalidRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InvalidRequestException(string field, string message) : base(message) => Field = field;

    public InvalidRequestException(string field, string message, string problemType) : base(message)
    {
        Field = field;
        ProblemType = problemType;
    }

    public string Field { get; } = "$";

    /// <summary>The problem <c>type</c> of the 400; a validation problem unless the input was not well-formed JSON.</summary>
    public string ProblemType { get; } = Problems.ProblemTypes.Validation;
}
