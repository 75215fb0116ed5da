using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.BuildingBlocks.Hosting;

namespace Bazaar.Identity.Users;

/// <summary>Rules for the profile fields shared by registration and profile updates.</summary>
public static partial class UserInput
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{3,32}$")]
    public static partial Regex UsernamePattern();

    [GeneratedRegex(@"^\+?[0-9 ()-]{5,20}$")]
    private static partial Regex PhonePattern();

    public static void CheckProfile(Validation validation, string? fullName, string? phone, JsonElement? address)
    {
        validation.Text(fullName, "fullName", 100, required: false);
        if (!string.IsNullOrEmpty(phone))
        {
            validation.Check(PhonePattern().IsMatch(phone), "phone", "Must be a phone number of 5 to 20 digits.");
        }
        if (address is { } a)
        {
            bool ok;
            try
            {
                ok = a.ValueKind switch
                {
                    JsonValueKind.Null => true,
                    JsonValueKind.String => a.GetString()!.Length <= 300,
                    JsonValueKind.Object => a.EnumerateObject().Count() <= 10 && a.EnumerateObject().All(p =>
                        p.Name.Length <= 40 && (p.Value.ValueKind == JsonValueKind.Null || (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length <= 200))),
                    _ => false,
                };
            }
            catch (InvalidOperationException)
            {
                // A lone surrogate escaped in the JSON ("\ud800") is valid JSON but not text.
                ok = false;
            }
            validation.Check(ok, "address", "Must be a line of at most 300 characters or an object of at most 10 text fields.");
        }
    }

    public static string? AddressJson(JsonElement? address) =>
        address is { ValueKind: not JsonValueKind.Null } a ? a.GetRawText() : null;
}
