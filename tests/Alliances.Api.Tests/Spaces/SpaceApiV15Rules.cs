using System.Text.Json;

namespace Alliances.Api.Tests.Spaces;

/// <summary>
/// The rules of the SpaceAPI v15 JSON schema (https://schema.spaceapi.io/15.json) that bear on the documents we serve,
/// written out in code: the test must not read the schema file, which a user's clone does not have. Returns every
/// violation as "path: rule", so a failure says what broke.
/// </summary>
public static class SpaceApiV15Rules
{
    public static readonly string[] BillingIntervals = ["yearly", "quarterly", "monthly", "weekly", "daily", "hourly", "other"];

    private static readonly string[] TopLevel =
    [
        "api_compatibility", "space", "logo", "url", "location", "spacefed", "cam", "state", "events", "contact", "sensors", "feeds",
        "projects", "links", "membership_plans", "linked_spaces",
    ];

    private static readonly string[] ContactStrings =
    [
        "phone", "sip", "irc", "twitter", "mastodon", "facebook", "identica", "foursquare", "email", "ml", "xmpp", "issue_mail", "gopher",
        "matrix", "mumble",
    ];

    public static IReadOnlyList<string> Violations(JsonElement document)
    {
        var errors = new List<string>();
        if (document.ValueKind != JsonValueKind.Object)
        {
            return ["$: must be an object"];
        }

        foreach (var required in new[] { "api_compatibility", "space", "logo", "url", "contact" })
        {
            if (!document.TryGetProperty(required, out _))
            {
                errors.Add($"$: '{required}' is required");
            }
        }

        foreach (var property in document.EnumerateObject())
        {
            // The schema allows ext_ extensions; anything else unknown here is most likely a misspelt field.
            if (!TopLevel.Contains(property.Name) && !property.Name.StartsWith("ext_", StringComparison.Ordinal))
            {
                errors.Add($"$.{property.Name}: not a SpaceAPI v15 field");
            }
        }

        if (document.TryGetProperty("api_compatibility", out var versions))
        {
            if (versions.ValueKind != JsonValueKind.Array)
            {
                errors.Add("api_compatibility: must be an array");
            }
            else
            {
                if (versions.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                {
                    errors.Add("api_compatibility: items must be strings");
                }

                if (!versions.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == "15"))
                {
                    errors.Add("api_compatibility: must contain \"15\"");
                }
            }
        }

        foreach (var name in new[] { "space", "logo", "url" })
        {
            RequireType(document, name, JsonValueKind.String, name, errors);
        }

        if (document.TryGetProperty("location", out var location))
        {
            CheckLocation(location, errors);
        }

        if (document.TryGetProperty("contact", out var contact))
        {
            CheckContact(contact, errors);
        }

        if (document.TryGetProperty("state", out var state))
        {
            CheckState(state, errors);
        }

        if (document.TryGetProperty("membership_plans", out var plans))
        {
            CheckMembershipPlans(plans, errors);
        }

        return errors;
    }

    private static void CheckLocation(JsonElement location, List<string> errors)
    {
        if (location.ValueKind != JsonValueKind.Object)
        {
            errors.Add("location: must be an object");
            return;
        }

        if (!location.EnumerateObject().Any())
        {
            errors.Add("location: needs at least one property (minProperties 1)");
        }

        RequireType(location, "address", JsonValueKind.String, "location.address", errors);
        RequireType(location, "lat", JsonValueKind.Number, "location.lat", errors);
        RequireType(location, "lon", JsonValueKind.Number, "location.lon", errors);
        RequireType(location, "timezone", JsonValueKind.String, "location.timezone", errors);
        RequireType(location, "country_code", JsonValueKind.String, "location.country_code", errors);
        RequireType(location, "hint", JsonValueKind.String, "location.hint", errors);
        if (location.TryGetProperty("lat", out _) != location.TryGetProperty("lon", out _))
        {
            errors.Add("location: lat and lon go together (dependentRequired)");
        }

        if (location.TryGetProperty("areas", out var areas))
        {
            if (areas.ValueKind != JsonValueKind.Array || areas.GetArrayLength() == 0)
            {
                errors.Add("location.areas: must be an array with at least one item");
            }
            else
            {
                var i = 0;
                foreach (var area in areas.EnumerateArray())
                {
                    if (area.ValueKind != JsonValueKind.Object || !area.TryGetProperty("square_meters", out var size) || size.ValueKind != JsonValueKind.Number)
                    {
                        errors.Add($"location.areas[{i}]: square_meters (number) is required");
                    }

                    i++;
                }
            }
        }
    }

    private static void CheckContact(JsonElement contact, List<string> errors)
    {
        if (contact.ValueKind != JsonValueKind.Object)
        {
            errors.Add("contact: must be an object");
            return;
        }

        foreach (var name in ContactStrings)
        {
            RequireType(contact, name, JsonValueKind.String, "contact." + name, errors);
        }

        if (contact.TryGetProperty("keymasters", out var keymasters) && (keymasters.ValueKind != JsonValueKind.Array || keymasters.GetArrayLength() == 0))
        {
            errors.Add("contact.keymasters: must be an array with at least one item");
        }
    }

    private static void CheckState(JsonElement state, List<string> errors)
    {
        if (state.ValueKind != JsonValueKind.Object)
        {
            errors.Add("state: must be an object");
            return;
        }

        if (state.TryGetProperty("open", out var open) && open.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("state.open: must be a boolean");
        }

        RequireType(state, "lastchange", JsonValueKind.Number, "state.lastchange", errors);
        RequireType(state, "trigger_person", JsonValueKind.String, "state.trigger_person", errors);
        RequireType(state, "message", JsonValueKind.String, "state.message", errors);
        if (state.TryGetProperty("icon", out var icon) && (icon.ValueKind != JsonValueKind.Object ||
            !icon.TryGetProperty("open", out _) || !icon.TryGetProperty("closed", out _)))
        {
            errors.Add("state.icon: open and closed are required");
        }
    }

    private static void CheckMembershipPlans(JsonElement plans, List<string> errors)
    {
        if (plans.ValueKind != JsonValueKind.Array)
        {
            errors.Add("membership_plans: must be an array");
            return;
        }

        var i = 0;
        foreach (var plan in plans.EnumerateArray())
        {
            var path = $"membership_plans[{i++}]";
            if (plan.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path + ": must be an object");
                continue;
            }

            foreach (var required in new[] { "name", "value", "currency", "billing_interval" })
            {
                if (!plan.TryGetProperty(required, out _))
                {
                    errors.Add($"{path}: '{required}' is required");
                }
            }

            RequireType(plan, "name", JsonValueKind.String, path + ".name", errors);
            RequireType(plan, "value", JsonValueKind.Number, path + ".value", errors);
            RequireType(plan, "currency", JsonValueKind.String, path + ".currency", errors);
            RequireType(plan, "description", JsonValueKind.String, path + ".description", errors);
            if (plan.TryGetProperty("billing_interval", out var interval) &&
                (interval.ValueKind != JsonValueKind.String || !BillingIntervals.Contains(interval.GetString())))
            {
                errors.Add($"{path}.billing_interval: must be one of {string.Join(", ", BillingIntervals)}");
            }
        }
    }

    private static void RequireType(JsonElement parent, string name, JsonValueKind kind, string path, List<string> errors)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind != kind)
        {
            errors.Add($"{path}: must be a {kind.ToString().ToLowerInvariant()}, not {value.ValueKind.ToString().ToLowerInvariant()}");
        }
    }
}
