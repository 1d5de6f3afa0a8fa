namespace Alliances.Api.Tests.Fuzzing;

/// <summary>The excuse for undocumented rules stays narrow: only fields whose schema states no rule on their values.</summary>
public sealed class KnownIssuesShould
{
    private static readonly OpenApiModel Document = OpenApiModel.Parse("""
        {"paths":{"/v1/things":{"post":{"operationId":"CreateThing","parameters":[{"name":"limit","in":"query","schema":{"type":"integer"}}],
          "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},"responses":{"201":{}}}}},
         "components":{"schemas":{
          "Thing":{"type":"object","properties":{
            "url":{"type":"string","maxLength":2048},
            "kind":{"type":"string","enum":["a","b"]},
            "site":{"type":"string","format":"uri"},
            "count":{"type":"integer","minimum":1,"maximum":9},
            "parts":{"type":"array","items":{"$ref":"#/components/schemas/Part"}}}},
          "Part":{"type":"object","properties":{"title":{"type":"string"}}}}}}
        """);

    [Fact]
    public void ExcuseARefusal_OnlyOfFieldsTheDocumentStatesNoRuleFor()
    {
        var create = Document.Operation("CreateThing");
        Assert.True(KnownIssues.OnlyRuleLessFields(create, Problem("url")));
        Assert.True(KnownIssues.OnlyRuleLessFields(create, Problem("parts[0].title", "limit")));
        Assert.False(KnownIssues.OnlyRuleLessFields(create, Problem("url", "kind")));
        Assert.False(KnownIssues.OnlyRuleLessFields(create, Problem("site")));
        Assert.False(KnownIssues.OnlyRuleLessFields(create, Problem("count")));
        Assert.False(KnownIssues.OnlyRuleLessFields(create, Problem("noSuchField")));
        Assert.False(KnownIssues.OnlyRuleLessFields(create, """{"status":400}"""));
    }

    private static string Problem(params string[] fields) =>
        "{\"status\":400,\"errors\":{" + string.Join(",", fields.Select(f => $"\"{f}\":[\"bad\"]")) + "}}";
}
