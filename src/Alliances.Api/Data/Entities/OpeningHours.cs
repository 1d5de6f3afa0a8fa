namespace Alliances.Api.Data.Entities;

/// <summary>One opening period of a space on one weekday, in the space's time zone. Times are <c>HH:mm</c>; closes may be <c>24:00</c>.</summary>
public sealed record OpeningHours(DayOfWeek Weekday, string Opens, string Closes);
