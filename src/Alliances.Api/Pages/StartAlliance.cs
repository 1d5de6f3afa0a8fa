using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Api.Pages.Slices;
using Alliances.Api.Platform.Alliances;
using Alliances.Api.Platform.Provisioning;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Pages;

/// <summary>
/// <c>GET|POST /start</c> on the apex: the claim form. The POST runs the API's own claim (its validator, its sub-domain
/// rules and its handler), so the limits and errors are the API's, shown beside their fields. It carries an anti-forgery
/// token and a honeypot field that people never see; the result page shows the organizer key once and is never cached.
/// </summary>
public static class StartAlliance
{
    /// <summary>The honeypot: hidden from people by CSS and from assistive technology, so only a bot fills it in.</summary>
    public const string HoneypotField = "homepage";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/start", ShowAsync).WithName("StartAlliancePage");
        routes.MapPost("/start", SubmitAsync).WithName("StartAllianceSubmit");
    }

    public static Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery) =>
        RenderFormAsync(http, antiforgery, new ClaimForm("", "", "", "America/Los_Angeles", "", ""), new Dictionary<string, string>(), StatusCodes.Status200OK);

    public static async Task<IResult> SubmitAsync(
        HttpContext http, IAntiforgery antiforgery, AllianceProvisioner provisioner, CanonicalUrls urls, ClaimLimits limits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(antiforgery);
        if (!http.Request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            // ASP.NET's form reader refuses a value that decodes to U+0000 (and a form over its limits) by throwing;
            // that is the visitor's input, so it is a 400 with the reason, never a 500.
            var refused = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = "A field " + UnsafeText.Message };
            return await RenderFormAsync(http, antiforgery, new ClaimForm("", "", "", "America/Los_Angeles", "", ""), refused,
                StatusCodes.Status400BadRequest);
        }

        var input = new ClaimForm(Field(form, "subdomain"), Field(form, "name"), Field(form, "region"), Field(form, "timeZone"),
            Field(form, "organizerName"), Field(form, "organizerEmail"));
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            errors[""] = "This form has expired or did not come from this site. Please submit it again.";
            return await RenderFormAsync(http, antiforgery, input, errors, StatusCodes.Status400BadRequest);
        }

        if (!string.IsNullOrEmpty(form[HoneypotField]))
        {
            errors[""] = "This submission could not be accepted.";
            return await RenderFormAsync(http, antiforgery, input, errors, StatusCodes.Status400BadRequest);
        }

        var request = new ClaimAlliance.Request(input.Subdomain, input.Name, input.Region, input.TimeZone,
            new ClaimAlliance.Organizer(input.OrganizerName, input.OrganizerEmail));
        foreach (var failure in (await new ClaimAlliance.Validator().ValidateAsync(request, cancellationToken)).Errors)
        {
            errors.TryAdd(FormField(failure.PropertyName), failure.ErrorMessage);
        }

        // Form fields bypass the JSON body guard, so the API's one text rule is applied here too (a lone surrogate gets
        // past the form reader).
        foreach (var (name, value) in form)
        {
            if (UnsafeText.IsUnsafe(value.ToString()))
            {
                errors[name] = "This field " + UnsafeText.Message;
            }
        }

        if (errors.Count == 0)
        {
            var result = await ClaimAlliance.HandleAsync(request, provisioner, urls, limits, http, cancellationToken);
            switch (result.Result)
            {
                case Created<ClaimAlliance.Response> { Value: { } claimed }:
                    return await HtmlPage.RenderAsync(http, ClaimResultSlice.Create(claimed), cacheable: false, status: StatusCodes.Status201Created);
                case ProblemHttpResult { StatusCode: StatusCodes.Status429TooManyRequests } problem:
                    errors[""] = problem.ProblemDetails.Detail ?? "Too many claims from this address; please try again later.";
                    return await RenderFormAsync(http, antiforgery, input, errors, StatusCodes.Status429TooManyRequests);
                case ProblemHttpResult problem:
                    errors["subdomain"] = problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "This sub-domain cannot be claimed.";
                    break;
            }
        }

        return await RenderFormAsync(http, antiforgery, input, errors, StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RenderFormAsync(
        HttpContext http, IAntiforgery antiforgery, ClaimForm input, IReadOnlyDictionary<string, string> errors, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var model = new StartAllianceModel(input, errors, tokens.FormFieldName, tokens.RequestToken!);
        return await HtmlPage.RenderAsync(http, StartAllianceSlice.Create(model), cacheable: false, status: status);
    }

    private static string Field(IFormCollection form, string name) => form[name].FirstOrDefault() ?? "";

    // The validator names JSON paths; the form names its inputs after them, organizer.* flattened.
    private static string FormField(string property) => property switch
    {
        "Subdomain" or "subdomain" => "subdomain",
        "Name" or "name" => "name",
        "Region" or "region" => "region",
        "TimeZone" or "timeZone" => "timeZone",
        "organizer.name" => "organizerName",
        "organizer.email" => "organizerEmail",
        _ => "",
    };
}
