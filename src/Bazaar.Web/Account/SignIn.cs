using Bazaar.Web.Api;
using Bazaar.Web.Session;

namespace Bazaar.Web.Account;

/// <summary>
/// Signing in with the API's tokens: keeps them in the session cookie, then brings the anonymous cart along (the
/// cart API merges it into the user's own the first time both are shown to it).
/// </summary>
public sealed class SignIn(ShopApi api, WebSession session, TimeProvider time)
{
    public async Task<ApiProblem?> WithPasswordAsync(string emailOrUsername, string password, CancellationToken ct = default)
    {
        var tokens = await api.LoginAsync(emailOrUsername, password, ct);
        if (!tokens.Ok)
        {
            return tokens.Problem;
        }
        var user = await api.MeAsync(tokens.Value.AccessToken, ct);
        if (!user.Ok)
        {
            return user.Problem;
        }
        await session.SignInAsync(user.Value, tokens.Value, time);
        if (session.CartId is not null)
        {
            var merged = await api.CartAsync(ct);
            if (merged.Ok)
            {
                session.ForgetCart();
            }
        }
        return null;
    }

    /// <summary>Where to go after signing in: only a path of this site, never another origin.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
