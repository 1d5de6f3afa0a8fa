using System.Globalization;
using System.Text;

namespace Alliances.Api.Tests.OpenApi;

/// <summary>A small unified-style line diff, for readable failure messages.</summary>
public static class LineDiff
{
    private const int Context = 3;

    /// <summary>
    /// The hunks (with <c>@@ -a,b +c,d @@</c> headers and three lines of context) of the difference between
    /// <paramref name="expected"/> ("-") and <paramref name="actual"/> ("+"), stopping after <paramref name="maxChangedLines"/>
    /// changed lines; empty when they are equal.
    /// </summary>
    public static string Unified(string expected, string actual, int maxChangedLines = 40, string expectedName = "expected", string actualName = "actual")
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var edits = Edits(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return "";
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(expectedName).Append('\n').Append("+++ ").Append(actualName).Append('\n');
        var changed = 0;
        var totalChanged = edits.Count(e => e.Kind != ' ');
        var i = 0;
        while (i < edits.Count && changed < maxChangedLines)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from Context lines before this change to Context lines after the last change that is close enough.
            var start = Math.Max(0, i - Context);
            var end = i;
            var hunkChanged = 0;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ')
                {
                    if (changed + hunkChanged >= maxChangedLines)
                    {
                        break;
                    }

                    hunkChanged++;
                    end++;
                    continue;
                }

                var nextChange = end;
                while (nextChange < edits.Count && edits[nextChange].Kind == ' ')
                {
                    nextChange++;
                }

                if (nextChange == edits.Count || nextChange - end > 2 * Context || changed + hunkChanged >= maxChangedLines)
                {
                    break;
                }

                end = nextChange;
            }

            var stop = Math.Min(edits.Count, end + Context);
            var hunk = edits.GetRange(start, stop - start);
            var oldStart = hunk.FirstOrDefault(e => e.Kind != '+').OldLine;
            var newStart = hunk.FirstOrDefault(e => e.Kind != '-').NewLine;
            output.Append(CultureInfo.InvariantCulture, $"@@ -{oldStart},{hunk.Count(e => e.Kind != '+')} +{newStart},{hunk.Count(e => e.Kind != '-')} @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Text).Append('\n');
            }

            changed += hunkChanged;
            i = stop;
        }

        if (totalChanged > changed)
        {
            output.Append(CultureInfo.InvariantCulture, $"… and {totalChanged - changed} more changed lines\n");
        }

        return output.ToString();
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var edits = new List<Edit>(a.Length + b.Length);
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new(' ', a[k], k + 1, k + 1));
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)n * m <= 4_000_000)
        {
            // Longest common subsequence of the differing middle, then walk it.
            var lcs = new int[n + 1, m + 1];
            for (var x = n - 1; x >= 0; x--)
            {
                for (var y = m - 1; y >= 0; y--)
                {
                    lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
                }
            }

            int ia = 0, ib = 0;
            while (ia < n || ib < m)
            {
                if (ia < n && ib < m && a[prefix + ia] == b[prefix + ib])
                {
                    edits.Add(new(' ', a[prefix + ia], prefix + ia + 1, prefix + ib + 1));
                    ia++;
                    ib++;
                }
                else if (ia < n && (ib == m || lcs[ia + 1, ib] >= lcs[ia, ib + 1]))
                {
                    edits.Add(new('-', a[prefix + ia], prefix + ia + 1, prefix + ib + 1));
                    ia++;
                }
                else
                {
                    edits.Add(new('+', b[prefix + ib], prefix + ia + 1, prefix + ib + 1));
                    ib++;
                }
            }
        }
        else
        {
            for (var k = 0; k < n; k++)
            {
                edits.Add(new('-', a[prefix + k], prefix + k + 1, prefix + 1));
            }

            for (var k = 0; k < m; k++)
            {
                edits.Add(new('+', b[prefix + k], prefix + n + 1, prefix + k + 1));
            }
        }

        for (var k = suffix; k > 0; k--)
        {
            edits.Add(new(' ', a[^k], a.Length - k + 1, b.Length - k + 1));
        }

        return edits;
    }
}
