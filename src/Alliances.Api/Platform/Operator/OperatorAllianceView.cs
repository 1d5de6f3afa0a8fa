namespace Alliances.Api.Platform.Operator;

/// <summary>An alliance as the operator sees it, including its state and schema version.</summary>
public sealed record OperatorAllianceView(Guid Id, string Subdomain, string Name, string State, string? SchemaVersion, DateTimeOffset UpdatedAt);
