namespace Alliances.Api.Data.Entities;

/// <summary>Whether the first request with an idempotency key is still running or has its response stored.</summary>
public enum IdempotencyState
{
    InProgress,
    Completed,
}
