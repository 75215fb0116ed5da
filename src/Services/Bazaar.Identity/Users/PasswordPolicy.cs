using Bazaar.BuildingBlocks.Hosting;

namespace Bazaar.Identity.Users;

/// <summary>
/// NIST SP 800-63B style: length over composition rules, with a floor of one letter and one digit, and no
/// password that is notoriously common or repeats the account's own name.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1", "password123", "passw0rd", "qwerty123", "12345678a", "abc12345", "letmein1", "welcome1",
        "iloveyou1", "admin123", "changeme1", "football1", "monkey123", "sunshine1", "princess1", "trustno1",
    };

    public static void Check(Validation validation, string? password, string field, params string?[] personal)
    {
        if (string.IsNullOrEmpty(password))
        {
            validation.Add(field, "Is required.");
            return;
        }
        validation.Check(password.Length >= MinLength, field, $"Must be at least {MinLength} characters.");
        validation.Check(password.Length <= MaxLength, field, $"Must be at most {MaxLength} characters.");
        validation.Check(password.Any(char.IsLetter) && password.Any(char.IsDigit), field, "Must contain a letter and a digit.");
        validation.Check(!Common.Contains(password), field, "Is too common.");
        validation.Check(!personal.Any(p => p is { Length: >= 3 } && password.Contains(p, StringComparison.OrdinalIgnoreCase)),
            field, "Must not contain your username or e-mail.");
    }
}
