namespace Alliances.Api.Data.Entities;

/// <summary>How often a membership plan is billed.</summary>
public enum BillingInterval
{
    Day,
    Week,
    Month,
    Year,
}
