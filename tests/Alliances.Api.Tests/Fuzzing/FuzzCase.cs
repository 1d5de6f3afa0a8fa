using System.Text.Json.Nodes;
using CsCheck;

namespace Alliances.Api.Tests.Fuzzing;

/// <summary>What one case does to the valid request of its operation: nothing, or one attack.</summary>
public enum Attack
{
    /// <summary>The request is valid by the schema: it must be accepted.</summary>
    None,

    /// <summary>A string from <see cref="Hostile.Strings"/> (U+0000, lone surrogates, huge, …) in place of a body value.</summary>
    HostileString,

    /// <summary>A value of the wrong JSON type in place of a body value.</summary>
    WrongType,

    /// <summary>A number no .NET type holds (1e400, 30 digits, …) in place of a body value.</summary>
    HostileNumber,

    /// <summary>10,000 nested arrays or objects in place of a body value.</summary>
    DeepNesting,

    /// <summary>A property written twice in one object.</summary>
    DuplicateKey,

    /// <summary>A property the schema does not have, or a read-only one.</summary>
    UnknownProperty,

    /// <summary>A body that is not JSON, or not UTF-8.</summary>
    MalformedBody,

    /// <summary>A body over the 1 MiB limit.</summary>
    HugeBody,

    /// <summary>The valid body under a content type the operation does not take.</summary>
    ContentType,

    /// <summary>A hostile value in a query parameter, or an unknown or repeated one.</summary>
    HostileQuery,

    /// <summary>A cursor the server never issued.</summary>
    ForgedCursor,

    /// <summary>A path parameter that names nothing, or another alliance's resource.</summary>
    HostilePath,

    /// <summary>A hostile Idempotency-Key, If-Match, If-None-Match, Accept or Authorization header.</summary>
    HostileHeader,

    /// <summary>No key, another alliance's key, a revoked key or a made-up one.</summary>
    WrongKey,
}

/// <summary>
/// One generated case. Everything random is here, so a seed replays it; ids come from the server at run time.
/// <see cref="Overlay"/> is a body valid by the schema whose properties, chosen by <see cref="Mask"/>, replace those of
/// the matrix's valid request; <see cref="Query"/> holds valid values for optional query parameters; the picks choose
/// where an attack lands and with what.
/// </summary>
public sealed record FuzzCase(Attack Attack, JsonObject? Overlay, int Mask, IReadOnlyDictionary<string, string> Query, int Pick, int Pick2, bool IdempotencyKey)
{
    public override string ToString() =>
        $"{Attack} pick={Pick}/{Pick2} mask={Mask:x} idempotencyKey={IdempotencyKey} query={string.Join("&", Query.Select(q => q.Key + "=" + q.Value))} overlay={Overlay?.ToJsonString()}";
}

/// <summary>The generator of cases for one operation.</summary>
internal static class FuzzCases
{
    public static Gen<FuzzCase> For(FuzzOperation operation)
    {
        var attacks = new List<(int, Gen<Attack>)> { (6, Gen.Const(Attack.None)), (2, Gen.Const(Attack.WrongKey)), (2, Gen.Const(Attack.HostileHeader)) };
        if (operation.JsonBody is not null)
        {
            foreach (var attack in new[]
                     {
                         Attack.HostileString, Attack.WrongType, Attack.HostileNumber, Attack.DeepNesting, Attack.DuplicateKey,
                         Attack.UnknownProperty, Attack.MalformedBody, Attack.HugeBody, Attack.ContentType,
                     })
            {
                attacks.Add((attack == Attack.HostileString ? 4 : 1, Gen.Const(attack)));
            }
        }

        if (operation.In("query").Any())
        {
            attacks.Add((3, Gen.Const(Attack.HostileQuery)));
        }

        if (operation.In("query").Any(p => p.Name == "cursor"))
        {
            attacks.Add((2, Gen.Const(Attack.ForgedCursor)));
        }

        if (operation.In("path").Any())
        {
            attacks.Add((3, Gen.Const(Attack.HostilePath)));
        }

        var overlay = operation.JsonBody is { } body && body.Type == "object"
            ? SchemaValues.Object(body).Select(o => (JsonObject?)o)
            : Gen.Const(() => (JsonObject?)null);

        var query = Gen.Const<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        foreach (var parameter in operation.In("query").Where(p => !p.Required && !SchemaValues.IsStateBound(p.Name, p.Schema) && p.Name != "cursor"))
        {
            var value = SchemaValues.For(parameter.Schema, parameter.Name);
            query = Gen.Select(query, Gen.Bool, value, (q, include, v) =>
                include && v is JsonValue && !SchemaValues.IsNoValue(v)
                    ? new Dictionary<string, string>(q) { [parameter.Name] = v.ToString() }
                    : q);
        }

        return Gen.Select(Gen.Frequency([.. attacks]), overlay, Gen.Int[0, int.MaxValue], query, Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Gen.Bool)
            .Select((attack, o, mask, q, pick, pick2, key) => new FuzzCase(attack, o, mask, q, pick, pick2, key));
    }
}
