namespace Alliances.Api.Tests.Fuzzing;

/// <summary>The excuse for undocumented rules stays narrow: only fields whose schema states no rule at all.</summary>
public sealed class KnownIssuesShould
{
    private static readonly OpenApiModel Document = OpenApiModel.Load();

    [Fact]
    public void ExcuseARefusal_OnlyOfFieldsTheDocumentStatesNoRuleFor()
    {
        var rsvp = Document.Operation("RespondToMeeting");
        Assert.True(KnownIssues.OnlyRuleLessFields(rsvp, Problem("name")));
        // response is an enum: a refusal of a value from it is never excused.
        Assert.False(KnownIssues.OnlyRuleLessFields(rsvp, Problem("name", "response")));
        Assert.False(KnownIssues.OnlyRuleLessFields(rsvp, Problem("noSuchField")));
        Assert.False(KnownIssues.OnlyRuleLessFields(rsvp, """{"status":400}"""));
        Assert.True(KnownIssues.OnlyRuleLessFields(Document.Operation("CreateMeetingSeries"), Problem("agenda[0].title")));
    }

    private static string Problem(params string[] fields) =>
        "{\"status\":400,\"errors\":{" + string.Join(",", fields.Select(f => $"\"{f}\":[\"bad\"]")) + "}}";
}
