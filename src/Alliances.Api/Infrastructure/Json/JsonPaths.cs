namespace Alliances.Api.Infrastructure.Json;

/// <summary>Converts System.Text.Json paths (<c>$.organizer.email</c>, <c>$.hours[2].opens</c>) to the field paths used in problem <c>errors</c>.</summary>
public static class JsonPaths
{
    public static string ToFieldPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "";
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }

    public static string Combine(string path, string property) => path.Length == 0 ? property : path + "." + property;
}
