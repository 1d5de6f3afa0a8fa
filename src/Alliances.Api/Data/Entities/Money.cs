namespace Alliances.Api.Data.Entities;

/// <summary>
/// An amount of money: a decimal string with two decimals (<c>"150.00"</c>) and an ISO 4217 code. A string, not a
/// number, so no client or JSON library ever rounds it through a binary float.
/// </summary>
public sealed record Money(string Amount, string Currency);
