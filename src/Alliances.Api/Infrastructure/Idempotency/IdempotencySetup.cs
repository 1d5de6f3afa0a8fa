namespace Alliances.Api.Infrastructure.Idempotency;

/// <summary>Adds <see cref="IdempotencyMiddleware"/>: after authorization (it needs the key id), before the endpoint.</summary>
public static class IdempotencySetup
{
    public static IApplicationBuilder UseAlliancesIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
