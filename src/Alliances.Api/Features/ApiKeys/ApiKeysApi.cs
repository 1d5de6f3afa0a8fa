namespace Alliances.Api.Features.ApiKeys;

/// <summary>The <c>/v1/api-keys</c> routes.</summary>
public static class ApiKeysApi
{
    public static void Map(RouteGroupBuilder group)
    {
        CreateApiKey.Map(group);
        ListApiKeys.Map(group);
        GetApiKey.Map(group);
        RevokeApiKey.Map(group);
    }
}
