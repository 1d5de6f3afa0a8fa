namespace Alliances.Api.Data.Entities;

public enum RsvpResponse
{
    Yes,
    No,
    Maybe,
}
