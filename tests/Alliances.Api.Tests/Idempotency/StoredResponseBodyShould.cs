using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Infrastructure.Idempotency;

namespace Alliances.Api.Tests.Idempotency;

public sealed class StoredResponseBodyShould
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"key\":\"alk_shown_once\"}");
    private static readonly Guid Alliance = Guid.NewGuid();

    [Fact]
    public void Open_WhatItSealed_ForTheSameCallerAndKey()
    {
        var stored = StoredResponseBody.Seal(Body, "alk_caller", Alliance, "idem-1");

        Assert.Equal(StoredResponseBody.SealedFormat, stored[0]);
        Assert.Equal(-1, stored.AsSpan().IndexOf("alk_shown_once"u8));
        Assert.Equal(Body, StoredResponseBody.Open(stored, "alk_caller", Alliance, "idem-1"));
    }

    [Theory]
    [InlineData("alk_other", "idem-1", false)]
    [InlineData("alk_caller", "idem-2", false)]
    [InlineData("alk_caller", "idem-1", true)]
    public void Refuse_ToOpen_ForAnotherCallerKeyOrAlliance(string caller, string idempotencyKey, bool otherAlliance)
    {
        var stored = StoredResponseBody.Seal(Body, "alk_caller", Alliance, "idem-1");

        Assert.ThrowsAny<CryptographicException>(() =>
            StoredResponseBody.Open(stored, caller, otherAlliance ? Guid.NewGuid() : Alliance, idempotencyKey));
    }

    [Fact]
    public void Keep_AnAnonymousCallersBody_AsItIs()
    {
        var stored = StoredResponseBody.Seal(Body, null, Alliance, "idem-1");

        Assert.Equal(StoredResponseBody.PlainFormat, stored[0]);
        Assert.Equal(Body, StoredResponseBody.Open(stored, null, Alliance, "idem-1"));
    }

    [Fact]
    public void Replay_ABodyStoredBeforeSealing_AsItIs()
    {
        Assert.Equal(Body, StoredResponseBody.Open(Body, "alk_caller", Alliance, "idem-1"));
        Assert.Empty(StoredResponseBody.Open([], "alk_caller", Alliance, "idem-1"));
    }

    [Fact]
    public void UseAFreshNonce_EachTime()
    {
        var one = StoredResponseBody.Seal(Body, "alk_caller", Alliance, "idem-1");
        var two = StoredResponseBody.Seal(Body, "alk_caller", Alliance, "idem-1");

        Assert.NotEqual(one, two);
    }
}
