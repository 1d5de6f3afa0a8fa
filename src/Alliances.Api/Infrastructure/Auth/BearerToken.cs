namespace Alliances.Api.Infrastructure.Auth;

/// <summary>The credential of a request: its one <c>Authorization: Bearer …</c> header, trimmed.</summary>
public static class BearerToken
{
    public const string Scheme = "Bearer ";

    /// <summary>The token, or null when there is no Authorization header, more than one, or another scheme.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return value[Scheme.Length..].Trim();
    }
}
