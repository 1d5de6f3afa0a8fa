namespace Alliances.Api.Features.Spaces;

/// <summary>The <c>/v1/spaces</c> routes and the SpaceAPI documents built from them.</summary>
public static class SpacesApi
{
    public static void Map(RouteGroupBuilder group)
    {
        CreateSpace.Map(group);
        ListSpaces.Map(group);
        GetSpace.Map(group);
        UpdateSpace.Map(group);
        DeleteSpace.Map(group);
        WelcomeSpace.Map(group);
        GetSpaceApiDocument.Map(group);
        GetSpaceApiDirectory.Map(group);
    }
}
