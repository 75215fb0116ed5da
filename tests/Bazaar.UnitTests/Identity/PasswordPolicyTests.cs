using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Identity.Users;
using Xunit;

namespace Bazaar.UnitTests.Identity;

public sealed class PasswordPolicyTests
{
    private static bool Accepts(string? password, params string?[] personal)
    {
        var validation = new Validation();
        PasswordPolicy.Check(validation, password, "password", personal);
        return validation.IsValid;
    }

    [Theory]
    [InlineData("Correct-Horse-9")]
    [InlineData("a long passphrase 2")]
    public void Accepts_long_passwords_with_a_letter_and_a_digit(string password) => Assert.True(Accepts(password));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short1")]
    [InlineData("onlyletters")]
    [InlineData("1234567890")]
    [InlineData("Password123")]
    public void Rejects_short_simple_and_common_passwords(string? password) => Assert.False(Accepts(password));

    [Fact]
    public void Rejects_a_password_containing_the_username() => Assert.False(Accepts("alice-2026-x", "alice"));

    [Fact]
    public void Rejects_passwords_longer_than_128_characters() => Assert.False(Accepts(new string('a', 128) + "1"));
}
