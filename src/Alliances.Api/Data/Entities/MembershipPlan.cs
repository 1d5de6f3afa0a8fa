namespace Alliances.Api.Data.Entities;

/// <summary>A way to become a member of a space, and what it costs per <see cref="Interval"/>. Free plans cost <c>"0.00"</c>.</summary>
public sealed record MembershipPlan(string Name, Money Price, BillingInterval Interval);
