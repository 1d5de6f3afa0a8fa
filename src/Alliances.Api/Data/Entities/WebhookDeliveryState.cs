namespace Alliances.Api.Data.Entities;

public enum WebhookDeliveryState
{
    Pending,
    Succeeded,
    Failed,
}
