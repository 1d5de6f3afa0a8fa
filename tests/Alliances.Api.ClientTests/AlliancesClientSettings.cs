using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alliances.Client;

/// <summary>
/// The one setting the generated client needs, through NSwag's own extension point (the generated code is not edited):
/// unset properties are left out of request bodies. NSwag writes every null property otherwise, and in a merge patch
/// (RFC 7396) a null removes the field, so a typed SpacePatch that sets only neighborhood would also clear the name.
/// The consequence: this client cannot send an explicit null to clear a field; a raw body can.
/// </summary>
public partial class AlliancesClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
}
