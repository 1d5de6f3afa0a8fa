using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Platform.Provisioning;
using Alliances.Api.Platform.Schema;
using Alliances.LocalPostgres;
using Alliances.Tenancy.Database;
using Alliances.Tenancy.Hosts;
using Alliances.Tenancy.Naming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Alliances.Cli.Commands;

/// <summary>Options of <c>alliances provision</c>.</summary>
public sealed class ProvisionSettings : ConnectionSettings
{
    public const int MaxCount = 100_000;
    public const int MaxSpaces = 1_000;

    [CommandOption("-n|--count <N>")]
    [Description("How many alliances: {prefix}1 … {prefix}N. Those that exist already are kept as they are.")]
    public int Count { get; init; }

    [CommandOption("--prefix <PREFIX>")]
    [Description("Sub-domain prefix; the alliance number is appended.")]
    [DefaultValue("bench-")]
    public string Prefix { get; init; } = "bench-";

    [CommandOption("--spaces <S>")]
    [Description("Sample spaces per alliance; an alliance that has fewer is topped up to S.")]
    [DefaultValue(20)]
    public int Spaces { get; init; } = 20;

    [CommandOption("-p|--parallel <P>")]
    [Description("Alliances provisioned at once (1-64), one owner connection each.")]
    [DefaultValue(4)]
    public int Parallel { get; init; } = 4;

    [CommandOption("--database <NAME>")]
    [Description("Use (and create if missing) this database on the embedded development cluster instead of the configured one.")]
    public string? Database { get; init; }

    [CommandOption("--print-connection")]
    [Description("Print the application and owner connection strings (ConnectionStrings__Alliances=…, ConnectionStrings__AlliancesOwner=…).")]
    public bool PrintConnection { get; init; }

    public override ValidationResult Validate()
    {
        if (Count is < 0 or > MaxCount)
        {
            return ValidationResult.Error($"--count must be between 0 and {MaxCount}.");
        }

        if (Spaces is < 0 or > MaxSpaces)
        {
            return ValidationResult.Error($"--spaces must be between 0 and {MaxSpaces}.");
        }

        if (Parallel is < 1 or > MigrateSettings.MaxParallelism)
        {
            return ValidationResult.Error($"--parallel must be between 1 and {MigrateSettings.MaxParallelism}.");
        }

        // The first and the longest sub-domain stand for all of them: digits never make a valid label invalid.
        foreach (var label in new[] { Prefix + "1", Prefix + Math.Max(Count, 1).ToString(CultureInfo.InvariantCulture) })
        {
            if (SubdomainRules.Check(label).Kind != SubdomainVerdictKind.Valid)
            {
                return ValidationResult.Error($"--prefix '{Prefix}' gives '{label}', which cannot be claimed ({SubdomainRules.Check(label)}).");
            }
        }

        if (Database is not null && (Connection is not null || OwnerConnection is not null))
        {
            return ValidationResult.Error("--database creates a database on the embedded cluster; it cannot be combined with --connection/--owner-connection.");
        }

        return ValidationResult.Success();
    }
}

/// <summary>
/// <c>alliances provision</c>: claims <c>{prefix}1 … {prefix}N</c> through <see cref="AllianceProvisioner"/> (the
/// same transaction as <c>POST /v1/alliances</c>) and gives each alliance S realistic sample spaces. A development and
/// benchmarking tool: <c>deploy/bench/run.sh</c> uses it with <c>--database alliances_bench</c>, so a benchmark never
/// touches the data of <c>dotnet run</c>. Re-running it is cheap: existing alliances are kept and only topped up.
/// </summary>
public sealed class ProvisionCommand(IAnsiConsole console) : AsyncCommand<ProvisionSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ProvisionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            var (app, owner) = await ResolveConnectionStringsAsync(settings, cancellationToken);
            if (settings.PrintConnection)
            {
                // Straight to the output, unwrapped: run.sh reads these lines with sed.
                console.Profile.Out.Writer.WriteLine($"ConnectionStrings__{DatabaseSetup.AppConnectionName}={app}");
                console.Profile.Out.Writer.WriteLine($"ConnectionStrings__{DatabaseSetup.OwnerConnectionName}={owner}");
            }

            await using var appSource = new AppDataSource(DatabaseSetup.BuildDataSource(app, "alliances-cli"));
            await using var ownerSource = new OwnerDataSource(DatabaseSetup.BuildDataSource(owner, "alliances-cli"));
            // Claims need the catalog; the API would create it at start-up, but the API may not have run on this database yet.
            await new PlatformSchemaMigrator(ownerSource, appSource).MigrateAsync(cancellationToken);
            return await ProvisionAllAsync(settings, appSource, ownerSource, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or LocalPostgresException or TimeoutException
            && !cancellationToken.IsCancellationRequested)
        {
            console.Write(new Markup("[red]error:[/] "));
            console.WriteLine(exception.Message);
            return DatabaseCommand<ProvisionSettings>.CouldNotRun;
        }
    }

    private async Task<int> ProvisionAllAsync(
        ProvisionSettings settings, AppDataSource app, OwnerDataSource owner, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var subdomains = Enumerable.Range(1, settings.Count)
            .Select(i => settings.Prefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var existing = await FindExistingAsync(owner, subdomains, cancellationToken);
        var provisioner = new AllianceProvisioner(owner, app, new TenantSchemaScripts(), new NoProvisioningObserver(), TimeProvider.System);
        var errors = new ConcurrentQueue<string>();
        int claimed = 0, kept = 0, spacesAdded = 0, done = 0;

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(1, settings.Count), parallel, async (number, token) =>
        {
            var subdomain = subdomains[number - 1];
            try
            {
                if (!existing.TryGetValue(subdomain, out var alliance))
                {
                    var city = BenchSampleData.CityFor(number);
                    var provisioned = await provisioner.ProvisionAsync(
                        new AllianceClaim(subdomain, $"{city.Name} Collaborative Spaces {number}", $"{city.Name}, {city.Region}", city.TimeZone,
                            "Bench Organizer", $"organizer@{subdomain}.example"),
                        token);
                    alliance = new ExistingAlliance(provisioned.Id, TenantDatabaseName.For(provisioned.Id));
                    Interlocked.Increment(ref claimed);
                }
                else
                {
                    Interlocked.Increment(ref kept);
                }

                Interlocked.Add(ref spacesAdded, await TopUpSpacesAsync(owner, alliance, number, settings.Spaces, token));
            }
#pragma warning disable CA1031 // One alliance's failure is reported and counted; it must not stop the others.
            catch (Exception exception) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
            {
                errors.Enqueue($"{subdomain}: {exception.Message}");
            }

            var count = Interlocked.Increment(ref done);
            if (count % 100 == 0 || count == settings.Count)
            {
                console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{count}/{settings.Count}] {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
            }
        });

        console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Count} alliance(s) {settings.Prefix}1…{settings.Prefix}{settings.Count}: {claimed} claimed, {kept} already there, " +
            $"{spacesAdded} space(s) added, {errors.Count} failed; took {Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s."));
        foreach (var error in errors.Take(20))
        {
            console.MarkupLineInterpolated($"[red]failed[/] {error}");
        }

        return errors.IsEmpty ? 0 : 1;
    }

    /// <summary>
    /// Gives the alliance <paramref name="wanted"/> spaces: one owner transaction with the schema bound by
    /// <c>SET LOCAL search_path</c>, rows written through the tenant model (<see cref="AllianceDbContext"/>), so they are
    /// stored exactly as the API stores them. Returns how many were added.
    /// </summary>
    private static async Task<int> TopUpSpacesAsync(
        OwnerDataSource owner, ExistingAlliance alliance, int number, int wanted, CancellationToken cancellationToken)
    {
        if (wanted == 0)
        {
            return 0;
        }

        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var bind = new NpgsqlCommand($"SET LOCAL search_path TO {TenantDatabaseName.Quote(alliance.SchemaName)}", connection))
        {
            await bind.ExecuteNonQueryAsync(cancellationToken);
        }

        int have;
        await using (var count = new NpgsqlCommand("SELECT count(*)::int FROM spaces", connection))
        {
            have = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        if (have >= wanted)
        {
            return 0;
        }

        var options = new DbContextOptionsBuilder<AllianceDbContext>().UseNpgsql(connection).UseSnakeCaseNamingConvention().Options;
        await using var db = new AllianceDbContext(options);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        db.Spaces.AddRange(BenchSampleData.Spaces(number, from: have + 1, to: wanted, TimeProvider.System.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return wanted - have;
    }

    private static async Task<Dictionary<string, ExistingAlliance>> FindExistingAsync(
        OwnerDataSource owner, string[] subdomains, CancellationToken cancellationToken)
    {
        await using var command = owner.DataSource.CreateCommand(
            "SELECT subdomain, id, schema_name FROM platform.alliances WHERE state <> 'deleted' AND subdomain = ANY($1)");
        command.Parameters.Add(new() { Value = subdomains });
        var found = new Dictionary<string, ExistingAlliance>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = new ExistingAlliance(reader.GetGuid(1), reader.GetString(2));
        }

        return found;
    }

    /// <summary>
    /// The application and owner connection strings: a database of its own on the embedded cluster with
    /// <c>--database</c>; otherwise the same sources as every CLI command (appsettings, environment, options, then the
    /// development cluster).
    /// </summary>
    private static async Task<(string App, string Owner)> ResolveConnectionStringsAsync(ProvisionSettings settings, CancellationToken cancellationToken)
    {
        var (configuration, environment) = CliDatabase.Configure(settings);
        if (settings.Database is null)
        {
            return DatabaseSetup.ResolveConnectionStrings(configuration, environment);
        }

        var cluster = await LocalPostgresCluster.EnsureStartedAsync(new LocalPostgresOptions
        {
            // The same port rules as the API and the tests: ALLIANCES_PG_PORT first, then LocalPostgres:Port.
            Port = int.TryParse(Environment.GetEnvironmentVariable("ALLIANCES_PG_PORT"), out var port)
                ? port
                : configuration.GetValue("LocalPostgres:Port", 5433),
            DataDirectory = configuration["LocalPostgres:DataDirectory"],
        }, cancellationToken);
        var database = await LocalPostgresCluster.EnsureDatabaseAsync(cluster, settings.Database, cancellationToken);
        return (database.App, database.Owner);
    }

    private sealed record ExistingAlliance(Guid Id, string SchemaName);
}

/// <summary>
/// Deterministic, plausible sample spaces for benchmark alliances: alliance n always gets the same city and the same
/// spaces, so runs are comparable. Sizes and shapes match what real alliances hold (see the Seattle demo).
/// </summary>
internal static class BenchSampleData
{
    internal sealed record City(
        string Name, string Region, string CountryCode, string TimeZone, double Lat, double Lon, string Phone, string Postal,
        string[] Neighborhoods, string[] Streets, string Currency);

    private static readonly City[] Cities =
    [
        new("Seattle", "WA", "US", "America/Los_Angeles", 47.61, -122.33, "+1 206 555 01", "981",
            ["Capitol Hill", "Ballard", "Fremont", "Georgetown", "Columbia City", "Wallingford", "Beacon Hill", "Eastlake", "Maple Leaf", "University District"],
            ["Pine St", "Leary Way NW", "N 36th St", "Airport Way S", "Rainier Ave S", "Stone Way N"], "USD"),
        new("Portland", "OR", "US", "America/Los_Angeles", 45.52, -122.68, "+1 503 555 01", "972",
            ["Alberta Arts", "Hawthorne", "Pearl District", "Sellwood", "St. Johns", "Mississippi", "Buckman", "Kenton"],
            ["NE Alberta St", "SE Hawthorne Blvd", "NW 13th Ave", "SE 13th Ave", "N Lombard St"], "USD"),
        new("Austin", "TX", "US", "America/Chicago", 30.27, -97.74, "+1 512 555 01", "787",
            ["East Austin", "Hyde Park", "Zilker", "Mueller", "South Congress", "Clarksville", "Holly"],
            ["E 6th St", "Guadalupe St", "S Lamar Blvd", "Manor Rd", "E Cesar Chavez St"], "USD"),
        new("Chicago", "IL", "US", "America/Chicago", 41.88, -87.63, "+1 312 555 01", "606",
            ["Pilsen", "Logan Square", "Wicker Park", "Hyde Park", "Andersonville", "Bronzeville", "Uptown"],
            ["W 18th St", "N Milwaukee Ave", "N Damen Ave", "S Halsted St", "N Clark St"], "USD"),
        new("Toronto", "ON", "CA", "America/Toronto", 43.65, -79.38, "+1 416 555 01", "M5",
            ["Kensington Market", "Leslieville", "The Junction", "Liberty Village", "Riverdale", "Parkdale"],
            ["Queen St W", "Dundas St W", "Gerrard St E", "King St W", "College St"], "CAD"),
        new("Berlin", "BE", "DE", "Europe/Berlin", 52.52, 13.40, "+49 30 5550 1", "10",
            ["Kreuzberg", "Neukoelln", "Wedding", "Friedrichshain", "Moabit", "Prenzlauer Berg"],
            ["Oranienstrasse", "Sonnenallee", "Mueller Strasse", "Revaler Strasse", "Kastanienallee"], "EUR"),
        new("Melbourne", "VIC", "AU", "Australia/Melbourne", -37.81, 144.96, "+61 3 5550 1", "30",
            ["Fitzroy", "Brunswick", "Collingwood", "Footscray", "Richmond", "Northcote"],
            ["Brunswick St", "Sydney Rd", "Smith St", "Barkly St", "Swan St"], "AUD"),
    ];

    private static readonly (SpaceKind Kind, string[] Nouns, string Blurb, string[] Amenities)[] Kinds =
    [
        (SpaceKind.Coworking, ["Commons", "Collective", "Coworking", "Desk Club", "Work Hub", "Workhouse"],
            "A neighbourhood coworking space with hot desks, a few dedicated desks, two meeting rooms and a kitchen where members actually talk.",
            ["wifi", "coffee", "meeting_rooms", "phone_booths", "kitchen", "bike_storage", "printing", "lockers"]),
        (SpaceKind.Makerspace, ["Makers", "Makerspace", "Tool Library", "Fab Lab"],
            "A member-run makerspace: woodshop, laser cutter, 3D printers and an electronics bench, with open nights for newcomers.",
            ["wifi", "laser_cutter", "3d_printers", "electronics_bench", "woodshop", "sewing_machines"]),
        (SpaceKind.Hackerspace, ["Hackerspace", "Hack Lab", "Hacker Club"],
            "A hackerspace in an old storefront: soldering stations, a server rack, weekly talks and a lending library of odd parts.",
            ["wifi", "electronics_bench", "3d_printers", "projector", "lockers"]),
        (SpaceKind.ArtistStudio, ["Studios", "Art Works", "Print Studio"],
            "Shared artist studios with a print room, a kiln and a small gallery wall that changes every month.",
            ["wifi", "kiln", "print_room", "gallery_wall", "natural_light"]),
        (SpaceKind.Incubator, ["Launchpad", "Incubator", "Venture Lab"],
            "An incubator for neighbourhood businesses: mentoring, office hours with lawyers and accountants, and a demo night each season.",
            ["wifi", "coffee", "meeting_rooms", "mentoring", "event_space"]),
        (SpaceKind.Other, ["Community Room", "Library Annex", "Neighbourhood Hall"],
            "A community room that doubles as a quiet workspace on weekdays and hosts repair cafés at weekends.",
            ["wifi", "event_space", "accessible_entrance"]),
    ];

    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static City CityFor(int allianceNumber) => Cities[(allianceNumber - 1) % Cities.Length];

    /// <summary>Spaces number <paramref name="from"/> to <paramref name="to"/> (1-based) of alliance <paramref name="allianceNumber"/>.</summary>
    public static IEnumerable<Space> Spaces(int allianceNumber, int from, int to, DateTimeOffset now)
    {
        var city = CityFor(allianceNumber);
        for (var n = from; n <= to; n++)
        {
#pragma warning disable CA5394 // Sample data, not security: a seeded generator keeps it the same on every run.
            var random = new Random((allianceNumber * 7919) + n);
            var neighborhood = city.Neighborhoods[(n - 1) % city.Neighborhoods.Length];
            var (kind, nouns, blurb, amenityPool) = Kinds[random.Next(10) switch { < 5 => 0, 5 or 6 => 1, 7 => 2, 8 => 3, _ => random.Next(4, 6) }];
            // Neighbourhood + noun is unique for the first few dozen spaces; the number after it keeps names unique beyond that.
            var round = (n - 1) / city.Neighborhoods.Length;
            var name = $"{neighborhood} {nouns[round % nouns.Length]}" + (round >= nouns.Length ? $" {round + 1}" : "");
            var slug = Slug(name) + "-" + n.ToString(CultureInfo.InvariantCulture);
            var status = random.Next(10) switch { 0 => SpaceStatus.Planning, 1 => SpaceStatus.Opening, _ => SpaceStatus.Open };
            var located = status != SpaceStatus.Planning;
            var welcomed = random.Next(3) != 0;
            var space = new Space
            {
                Id = Guid.CreateVersion7(),
                Name = name,
                Slug = slug,
                Kind = kind,
                Status = status,
                Description = $"{blurb} In {neighborhood}, {city.Name}.",
                Website = random.Next(2) == 0 ? $"https://{slug}.example" : null,
                Email = $"hello@{slug}.example",
                Phone = city.Phone + random.Next(10, 99).ToString(CultureInfo.InvariantCulture),
                AddressStreet = located ? $"{random.Next(100, 9000)} {city.Streets[random.Next(city.Streets.Length)]}" : null,
                AddressCity = city.Name,
                AddressRegion = city.Region,
                AddressPostalCode = city.Postal + random.Next(10, 99).ToString(CultureInfo.InvariantCulture),
                AddressCountryCode = city.CountryCode,
                Latitude = located ? Math.Round(city.Lat + ((random.NextDouble() - 0.5) / 10), 4) : null,
                Longitude = located ? Math.Round(city.Lon + ((random.NextDouble() - 0.5) / 10), 4) : null,
                TimeZone = city.TimeZone,
                Neighborhood = neighborhood,
                Capacity = located ? random.Next(12, 120) : null,
                JoinedAt = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-random.Next(30, 2500)),
                WelcomedAt = welcomed ? now.AddDays(-random.Next(1, 30)) : null,
                WelcomedBy = welcomed ? "Bench Organizer" : null,
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            };
            space.Amenities.AddRange(amenityPool.OrderBy(_ => random.Next()).Take(random.Next(2, amenityPool.Length + 1)));
            if (located)
            {
                var (opens, closes) = kind == SpaceKind.Makerspace ? ("17:00", "22:00") : ("08:30", "18:00");
                space.OpeningHours.AddRange(Weekdays.Select(day => new OpeningHours(day, opens, closes)));
                if (random.Next(2) == 0)
                {
                    space.OpeningHours.Add(new OpeningHours(DayOfWeek.Saturday, "10:00", "16:00"));
                }

                space.MembershipPlans.Add(new MembershipPlan("Day pass", new Money($"{random.Next(15, 35)}.00", city.Currency), BillingInterval.Day));
                space.MembershipPlans.Add(new MembershipPlan("Monthly member", new Money($"{random.Next(60, 450)}.00", city.Currency), BillingInterval.Month));
            }
#pragma warning restore CA5394

            yield return space;
        }
    }

    private static string Slug(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 48 ? slug[..48].TrimEnd('-') : slug;
    }
}
