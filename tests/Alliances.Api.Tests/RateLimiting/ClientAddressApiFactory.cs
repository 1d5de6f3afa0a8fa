using System.Net;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>
/// An API whose test requests can say which client address they come from (<see cref="AddressHeader"/>), since the
/// in-process test server has none; the header is read first thing, before anything else sees the request.
/// </summary>
public abstract class ClientAddressApiFactory : ApiFactory
{
    public const string AddressHeader = "X-Test-Client-Address";

    /// <summary>A client on <paramref name="host"/> whose requests come from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address, string host, string? bearer = null)
    {
        var client = ClientFor(host, bearer);
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>();

    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>A failed-auth bucket of <see cref="FailedAuthLimit"/> per address, and small anonymous and key limits.</summary>
public sealed class FailedAuthApiFactory : ClientAddressApiFactory
{
    public const int FailedAuthLimit = 3;
    public const int AnonymousLimit = 5;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:FailedAuth:PermitLimit"] = FailedAuthLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:FailedAuth:WindowSeconds"] = "3600",
        ["Alliances:RateLimits:Anonymous:PermitLimit"] = AnonymousLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Anonymous:WindowSeconds"] = "3600",
    };
}

/// <summary>Claims limited to <see cref="ClaimLimit"/> per address; the platform-wide ceiling left high.</summary>
public sealed class ClaimLimitApiFactory : ClientAddressApiFactory
{
    public const int ClaimLimit = 2;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:Claim:PermitLimit"] = ClaimLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Claim:WindowSeconds"] = "3600",
    };
}

/// <summary>
/// A platform-wide ceiling of <see cref="Ceiling"/> claims an hour, on a database of its own so that only this class's
/// claims count (the ceiling is counted in the catalog).
/// </summary>
public sealed class ClaimCeilingApiFactory : ClientAddressApiFactory
{
    public const int Ceiling = 3;

    protected override bool SeparateDatabase => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:ClaimCeiling:PermitLimit"] = Ceiling.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:ClaimCeiling:WindowSeconds"] = "3600",
    };
}
