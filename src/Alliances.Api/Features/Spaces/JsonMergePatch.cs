using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Infrastructure.Validation;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// JSON Merge Patch (RFC 7396) over a write record: the current writable representation is serialised, the patch is
/// merged into it (<c>null</c> removes a member, objects merge, everything else replaces), and the result is read back
/// into the same record a create takes, so a patch passes exactly the rules a create does.
/// </summary>
/// <remarks>General-purpose; it sits with Spaces, its first user, until a second feature needs it in Infrastructure.</remarks>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="current"/>. Unknown and read-only members are refused even when
    /// their value is <c>null</c> (which the merge alone would silently drop): the patch itself is first read as a
    /// <typeparamref name="T"/>, whose options reject unmapped members. A type error becomes the same 400 a create gets.
    /// </summary>
    public static T Apply<T>(T current, JsonElement patch, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException("$", "A merge patch is a JSON object naming the properties to change; null removes a property.");
        }

        Read<T>(patch, options);
        var target = JsonSerializer.SerializeToNode(current, options);
        var merged = Merge(target, JsonNode.Parse(patch.GetRawText()));
        return Read<T>(merged, options);
    }

    /// <summary>RFC 7396 §2, as written there.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var existing = result[name];
                result.Remove(name);
                result[name] = Merge(existing, value);
            }
        }

        return result;
    }

    // The exception handler turns a BadHttpRequestException over a JsonException into a 400 naming the property, which is
    // what a create with the same body gets from model binding.
    private static T Read<T>(JsonElement json, JsonSerializerOptions options)
    {
        try
        {
            return json.Deserialize<T>(options) ?? throw new InvalidRequestException("$", "The patched resource is empty.");
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The merge patch does not fit this resource.", StatusCodes.Status400BadRequest, exception);
        }
    }

    private static T Read<T>(JsonNode? json, JsonSerializerOptions options)
    {
        try
        {
            return json.Deserialize<T>(options) ?? throw new InvalidRequestException("$", "The patched resource is empty.");
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The merge patch does not fit this resource.", StatusCodes.Status400BadRequest, exception);
        }
    }
}
