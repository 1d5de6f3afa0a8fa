using Alliances.Api.Data.Entities;

namespace Alliances.Api.Platform.Demo;

/// <summary>
/// The member spaces of the demo alliance, from its story: Office Nomads, The Maple Leaf Branch, Coworking Eastlake,
/// Jigsaw Renaissance, and a space still being planned, so that "help someone open a space" has an example. Addresses
/// and coordinates are plausible Seattle ones, not a record of where these spaces are or were.
/// </summary>
public static class DemoSpaces
{
    private const string TimeZone = "America/Los_Angeles";

    public static IReadOnlyList<Space> Seattle(DateTimeOffset now) =>
    [
        New(now, "Office Nomads", "office-nomads", SpaceKind.Coworking, SpaceStatus.Open, "Capitol Hill",
            "A community coworking space on Capitol Hill since 2007: desks, meeting rooms and a kitchen people actually talk in.",
            "https://www.officenomads.com", ("1617 Boylston Ave", "98122"), (47.6152, -122.3210), capacity: 90,
            joinedAt: new DateOnly(2019, 3, 1), welcomed: true,
            amenities: ["wifi", "coffee", "meeting_rooms", "phone_booths", "bike_storage", "kitchen"],
            hours: Weekdays("08:30", "18:00"),
            plans:
            [
                new MembershipPlan("Drop-in day", new Money("30.00", "USD"), BillingInterval.Day),
                new MembershipPlan("Part-time (10 days)", new Money("225.00", "USD"), BillingInterval.Month),
                new MembershipPlan("Full-time desk", new Money("450.00", "USD"), BillingInterval.Month),
            ]),
        New(now, "The Maple Leaf Branch", "maple-leaf-branch", SpaceKind.Coworking, SpaceStatus.Open, "Maple Leaf",
            "A small neighbourhood coworking space in north Seattle, a walk from the light rail.",
            null, ("8509 Roosevelt Way NE", "98115"), (47.6905, -122.3174), capacity: 24,
            joinedAt: new DateOnly(2021, 9, 15), welcomed: true,
            amenities: ["wifi", "coffee", "quiet_room"],
            hours: Weekdays("09:00", "17:00"),
            plans:
            [
                new MembershipPlan("Community (free events)", new Money("0.00", "USD"), BillingInterval.Month),
                new MembershipPlan("Flex desk", new Money("175.00", "USD"), BillingInterval.Month),
            ]),
        New(now, "Coworking Eastlake", "coworking-eastlake", SpaceKind.Coworking, SpaceStatus.Open, "Eastlake",
            "Coworking above Lake Union, with desks that look at the water and a dog-friendly office.",
            null, ("2722 Eastlake Ave E", "98102"), (47.6466, -122.3256), capacity: 40,
            joinedAt: new DateOnly(2023, 5, 10), welcomed: false,
            amenities: ["wifi", "coffee", "meeting_rooms", "dog_friendly"],
            hours: [.. Weekdays("08:00", "18:00"), new OpeningHours(DayOfWeek.Saturday, "10:00", "14:00")],
            plans:
            [
                new MembershipPlan("Day pass", new Money("25.00", "USD"), BillingInterval.Day),
                new MembershipPlan("Dedicated desk", new Money("400.00", "USD"), BillingInterval.Month),
            ]),
        New(now, "Jigsaw Renaissance", "jigsaw-renaissance", SpaceKind.Makerspace, SpaceStatus.Open, "Georgetown",
            "A community makerspace: laser cutter, 3D printers, electronics bench and a woodshop, with open nights for newcomers.",
            null, ("6100 4th Ave S", "98108"), (47.5480, -122.3290), capacity: 60,
            joinedAt: new DateOnly(2020, 1, 20), welcomed: true,
            amenities: ["wifi", "laser_cutter", "3d_printers", "electronics_bench", "woodshop"],
            hours:
            [
                new OpeningHours(DayOfWeek.Tuesday, "18:00", "22:00"),
                new OpeningHours(DayOfWeek.Thursday, "18:00", "22:00"),
                new OpeningHours(DayOfWeek.Saturday, "12:00", "20:00"),
            ],
            plans:
            [
                new MembershipPlan("Starving hacker", new Money("30.00", "USD"), BillingInterval.Month),
                new MembershipPlan("Full member", new Money("60.00", "USD"), BillingInterval.Month),
            ]),
        New(now, "Rainier Valley Commons", "rainier-valley-commons", SpaceKind.Coworking, SpaceStatus.Planning, "Columbia City",
            "Neighbours planning a coworking space and community workshop in Columbia City. The alliance is helping with the lease, " +
            "a budget and a first members' plan.",
            null, null, null, capacity: null, joinedAt: DateOnly.FromDateTime(now.UtcDateTime), welcomed: false,
            amenities: [], hours: [], plans: []),
    ];

    private static OpeningHours[] Weekdays(string opens, string closes) =>
    [
        .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new OpeningHours(d, opens, closes)),
    ];

    private static Space New(
        DateTimeOffset now, string name, string slug, SpaceKind kind, SpaceStatus status, string neighborhood, string description,
        string? website, (string Street, string PostalCode)? address, (double Lat, double Lon)? location, int? capacity,
        DateOnly joinedAt, bool welcomed, string[] amenities, OpeningHours[] hours, MembershipPlan[] plans)
    {
        var space = new Space
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Slug = slug,
            Kind = kind,
            Status = status,
            Description = description,
            Website = website,
            AddressStreet = address?.Street,
            AddressCity = "Seattle",
            AddressRegion = "WA",
            AddressPostalCode = address?.PostalCode,
            AddressCountryCode = "US",
            Latitude = location?.Lat,
            Longitude = location?.Lon,
            TimeZone = TimeZone,
            Neighborhood = neighborhood,
            Capacity = capacity,
            JoinedAt = joinedAt,
            WelcomedAt = welcomed ? now : null,
            WelcomedBy = welcomed ? "Demo Organizer" : null,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        space.Amenities.AddRange(amenities);
        space.OpeningHours.AddRange(hours);
        space.MembershipPlans.AddRange(plans);
        return space;
    }
}
