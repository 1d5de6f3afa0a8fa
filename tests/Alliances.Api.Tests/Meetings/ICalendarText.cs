using System.Text;

namespace Alliances.Api.Tests.Meetings;

/// <summary>
/// A small, independent iCalendar reader for checking what the API serves: it shares no code with the API or with
/// Ical.Net. It unfolds lines (RFC 5545 §3.1), splits each content line into name, parameters and value (parameter
/// values may be quoted and hold <c>: ; ,</c>), builds the BEGIN/END component tree, and unescapes TEXT values.
/// </summary>
public sealed class ICalendarText
{
    private ICalendarText(IReadOnlyList<string> physicalLines, Component root)
    {
        PhysicalLines = physicalLines;
        Root = root;
    }

    /// <summary>The lines as sent, before unfolding, without their CRLF.</summary>
    public IReadOnlyList<string> PhysicalLines { get; }

    public Component Root { get; }

    public sealed record Property(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters, string RawValue)
    {
        public string? Parameter(string name) => Parameters.TryGetValue(name, out var values) ? string.Join(",", values) : null;

        /// <summary>The value as TEXT (§3.3.11): <c>\\ \; \, \n \N</c> unescaped.</summary>
        public string Text
        {
            get
            {
                var text = new StringBuilder();
                for (var i = 0; i < RawValue.Length; i++)
                {
                    if (RawValue[i] == '\\' && i + 1 < RawValue.Length)
                    {
                        i++;
                        text.Append(RawValue[i] is 'n' or 'N' ? '\n' : RawValue[i]);
                    }
                    else
                    {
                        text.Append(RawValue[i]);
                    }
                }

                return text.ToString();
            }
        }
    }

    public sealed class Component(string name)
    {
        public string Name { get; } = name;

        public List<Property> Properties { get; } = [];

        public List<Component> Children { get; } = [];

        public IEnumerable<Component> All(string name) => Children.Where(c => c.Name == name);

        public Property One(string name)
        {
            var found = Properties.Where(p => p.Name == name).ToList();
            Assert.True(found.Count == 1, $"{Name} should have exactly one {name}, has {found.Count}.");
            return found[0];
        }

        public Property? Optional(string name) => Properties.SingleOrDefault(p => p.Name == name);
    }

    public static ICalendarText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var physical = text[..^2].Split("\r\n");
        Assert.DoesNotContain(physical, l => l.Contains('\n', StringComparison.Ordinal) || l.Contains('\r', StringComparison.Ordinal));

        var logical = new List<string>();
        foreach (var line in physical)
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                Assert.True(logical.Count > 0, "The text starts with a continuation line.");
                logical[^1] += line[1..];
            }
            else
            {
                logical.Add(line);
            }
        }

        var stack = new Stack<Component>();
        Component? root = null;
        foreach (var line in logical.Where(l => l.Length > 0))
        {
            var property = ParseLine(line);
            if (property.Name == "BEGIN")
            {
                var component = new Component(property.RawValue);
                if (stack.Count == 0)
                {
                    Assert.Null(root);
                    root = component;
                }
                else
                {
                    stack.Peek().Children.Add(component);
                }

                stack.Push(component);
            }
            else if (property.Name == "END")
            {
                Assert.True(stack.Count > 0 && stack.Peek().Name == property.RawValue, $"END:{property.RawValue} does not close the open component.");
                stack.Pop();
            }
            else
            {
                Assert.True(stack.Count > 0, $"{property.Name} is outside any component.");
                stack.Peek().Properties.Add(property);
            }
        }

        Assert.Empty(stack);
        Assert.NotNull(root);
        return new ICalendarText(physical, root);
    }

    /// <summary>name *(";" param) ":" value, where a param is name "=" value *("," value) and values may be quoted.</summary>
    public static Property ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var i = 0;
        var name = ReadName(line, ref i);
        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        while (i < line.Length && line[i] == ';')
        {
            i++;
            var parameter = ReadName(line, ref i);
            Assert.True(i < line.Length && line[i] == '=', $"Parameter {parameter} has no '=' in: {line}");
            i++;
            var values = new List<string>();
            while (true)
            {
                if (i < line.Length && line[i] == '"')
                {
                    var close = line.IndexOf('"', i + 1);
                    Assert.True(close > i, $"Unclosed quote in: {line}");
                    values.Add(line[(i + 1)..close]);
                    i = close + 1;
                }
                else
                {
                    var start = i;
                    while (i < line.Length && line[i] is not (';' or ':' or ','))
                    {
                        i++;
                    }

                    values.Add(line[start..i]);
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                    continue;
                }

                break;
            }

            parameters[parameter] = values;
        }

        Assert.True(i < line.Length && line[i] == ':', $"No ':' after the name and parameters in: {line}");
        return new Property(name, parameters, line[(i + 1)..]);
    }

    private static string ReadName(string line, ref int i)
    {
        var start = i;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '-'))
        {
            i++;
        }

        Assert.True(i > start, $"No name at position {start} in: {line}");
        return line[start..i].ToUpperInvariant();
    }
}
