using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Infrastructure.Outbox;

namespace Alliances.Api.Tests.Webhooks;

public sealed class WebhookSignatureShould
{
    // The Standard Webhooks specification's published test vector.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Match_TheStandardWebhooksTestVector() =>
        Assert.Equal(VectorSignature, WebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp, VectorBody));

    [Fact]
    public void Verify_WithAnIndependentVerifier_ForBothSecretsDuringARotation()
    {
        var current = WebhookSignature.NewSecret();
        var previous = WebhookSignature.NewSecret();
        var header = WebhookSignature.Header([current, previous], "msg_x", 1700000000, """{"type":"webhook.ping"}""");

        Assert.True(Verify(current, "msg_x", "1700000000", """{"type":"webhook.ping"}""", header));
        Assert.True(Verify(previous, "msg_x", "1700000000", """{"type":"webhook.ping"}""", header));
        Assert.False(Verify(WebhookSignature.NewSecret(), "msg_x", "1700000000", """{"type":"webhook.ping"}""", header));
        Assert.False(Verify(current, "msg_x", "1700000001", """{"type":"webhook.ping"}""", header));
        Assert.True(Verify(VectorSecret, VectorId, "1614265330", VectorBody, VectorSignature));
    }

    // The vector with one input changed, as the spec's reference libraries test it: the signature must not survive.
    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx", VectorId, VectorTimestamp, VectorBody)]
    [InlineData(VectorSecret, "msg_p5jXN8AQM9LWM0D4loKWxJel", VectorTimestamp, VectorBody)]
    [InlineData(VectorSecret, VectorId, VectorTimestamp + 1, VectorBody)]
    [InlineData(VectorSecret, VectorId, VectorTimestamp, """{"test": 2432232315}""")]
    [InlineData(VectorSecret, VectorId, VectorTimestamp, """{"test":2432232314}""")]
    public void NotMatch_TheVector_WhenAnyInputChanges(string secret, string id, long timestamp, string body)
    {
        var signature = WebhookSignature.Sign(secret, id, timestamp, body);

        Assert.NotEqual(VectorSignature, signature);
        Assert.False(Verify(VectorSecret, VectorId, VectorTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), VectorBody, signature));
    }

    // Receivers split the header on spaces and accept any "v1," entry; anything else in the header is ignored.
    [Theory]
    [InlineData("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/rAi2ndlgk9EHeQVg= " + VectorSignature, true)]
    [InlineData("v2," + "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", false)]
    [InlineData("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/rAi2ndlgk9EHeQVg=", false)]
    [InlineData("", false)]
    public void BeVerified_OnlyThroughAV1EntryThatMatches(string header, bool valid) =>
        Assert.Equal(valid, Verify(VectorSecret, VectorId, "1614265330", VectorBody, header));

    [Fact]
    public void PutOneV1EntryPerSecret_CurrentFirst_InTheHeader()
    {
        var current = WebhookSignature.NewSecret();
        var previous = WebhookSignature.NewSecret();

        var entries = WebhookSignature.Header([current, previous], "msg_x", 1700000000, "{}").Split(' ');

        Assert.Equal([WebhookSignature.Sign(current, "msg_x", 1700000000, "{}"), WebhookSignature.Sign(previous, "msg_x", 1700000000, "{}")], entries);
        Assert.All(entries, e => Assert.StartsWith("v1,", e, StringComparison.Ordinal));
    }

    [Fact]
    public void MakeSecrets_OfAtLeast24RandomBytes()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }

    /// <summary>A receiver's verifier written from the spec, sharing no code with the signer.</summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret.Split('_', 2)[1]));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));
        foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(',', 2);
            if (pieces.Length == 2 && pieces[0] == "v1" &&
                CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(pieces[1]), expected))
            {
                return true;
            }
        }

        return false;
    }
}
