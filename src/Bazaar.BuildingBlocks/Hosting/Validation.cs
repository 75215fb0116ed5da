using System.Net.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>Collects field errors of a request; <see cref="Problem"/> turns them into an RFC 9457 response.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }
        return this;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>A text field: present when required, within length, and free of control characters (line breaks and tabs only where <paramref name="multiline"/>).</summary>
    public Validation Text(string? value, string field, int maxLength, bool required = true, int minLength = 1, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Check(!required, field, "Is required.");
        }
        Check(value.Length >= minLength, field, $"Must be at least {minLength} characters.");
        Check(value.Length <= maxLength, field, $"Must be at most {maxLength} characters.");
        return Check(!value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')), field,
            multiline ? "Must not contain control characters other than line breaks and tabs." : "Must not contain control characters or line breaks.");
    }

    public Validation Email(string? value, string field = "email")
    {
        Text(value, field, 254);
        if (!string.IsNullOrWhiteSpace(value) && value.Length <= 254)
        {
            Check(MailAddress.TryCreate(value, out var parsed) && parsed.Address == value.Trim() && value.Contains('.', StringComparison.Ordinal),
                field, "Is not a valid e-mail address.");
        }
        return this;
    }

    public ValidationProblem Problem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
}
