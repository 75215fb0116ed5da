namespace Bazaar.Catalog.Search;

/// <summary>Tokenizing and typo distance for catalog search.</summary>
public static class TextMatching
{
    private static readonly HashSet<string> StopWords = ["a", "an", "and", "the", "for", "of", "with", "in", "on", "to", "by"];

    public static List<string> Tokenize(string? text, bool dropStopWords = false)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var span = text.AsSpan();
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var isWordChar = i < span.Length && char.IsLetterOrDigit(span[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var token = span[start..i].ToString().ToLowerInvariant();
                if (token.Length <= 40 && (!dropStopWords || !StopWords.Contains(token)))
                {
                    tokens.Add(token);
                }
                start = -1;
            }
        }
        return tokens;
    }

    /// <summary>Edits allowed for a query word: none for short words, one from four letters, two from eight.</summary>
    public static int TypoBudget(int length) => length switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => 2,
    };

    /// <summary>
    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "headphnoes" is one
    /// edit from "headphones"), giving up once it exceeds <paramref name="max"/>.
    /// </summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
