using System.Globalization;
using System.Security.Claims;
using Bazaar.Web.Api;
using Microsoft.AspNetCore.Authentication;

namespace Bazaar.Web.Session;

/// <summary>
/// Who is browsing: their sign-in (kept in an encrypted, HttpOnly cookie that also carries their API tokens, so no
/// token ever reaches a page's scripts) and their anonymous cart's id. One per request.
/// </summary>
public sealed class WebSession(IHttpContextAccessor accessor, WebOptions options, IHostEnvironment environment)
{
    public const string Scheme = "bazaar-web";
    public const string CartCookie = "bazaar_web_cart";
    private const string ExpiresAtToken = "expires_at";

    private AuthenticationProperties? _properties;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("A web session lives in a request.");

    public ClaimsPrincipal User { get; private set; } = new(new ClaimsIdentity());

    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? UserName => User.FindFirstValue(ClaimTypes.Name);

    public bool IsSignedIn => UserId is not null;

    public bool IsAdmin => User.IsInRole("admin");

    public string? AccessToken => _properties?.GetTokenValue("access_token");

    public string? CartId { get; private set; }

    /// <summary>The visitor's address, which the API's rate limits and logs should see rather than the storefront's own.</summary>
    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Whether the access token runs out within the renewal margin.</summary>
    public bool NeedsRenewal(TimeProvider time) =>
        _properties?.GetTokenValue(ExpiresAtToken) is { } at
        && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
        && expiresAt - options.TokenRenewalMargin <= time.GetUtcNow();

    public string? RefreshToken => _properties?.GetTokenValue("refresh_token");

    /// <summary>Reads the request's cookies: called once, before the page renders.</summary>
    public async Task LoadAsync()
    {
        var result = await Http.AuthenticateAsync(Scheme);
        if (result.Succeeded)
        {
            User = result.Principal;
            _properties = result.Properties;
        }
        var cart = Http.Request.Cookies[CartCookie];
        CartId = cart is { Length: 32 } && cart.All(char.IsAsciiHexDigitLower) ? cart : null;
    }

    public async Task SignInAsync(User user, Tokens tokens, TimeProvider time)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.FullName ?? user.Username),
                new Claim(ClaimTypes.Role, user.Role),
            ], Scheme);
        var properties = new AuthenticationProperties { IsPersistent = true };
        Store(properties, tokens, time);
        User = new ClaimsPrincipal(identity);
        _properties = properties;
        await Http.SignInAsync(Scheme, User, properties);
    }

    /// <summary>Keeps the renewed tokens (the old refresh token no longer works).</summary>
    public Task RenewAsync(Tokens tokens, TimeProvider time)
    {
        if (_properties is null)
        {
            return Task.CompletedTask;
        }
        Store(_properties, tokens, time);
        return Http.SignInAsync(Scheme, User, _properties);
    }

    public async Task SignOutAsync()
    {
        await Http.SignOutAsync(Scheme);
        User = new ClaimsPrincipal(new ClaimsIdentity());
        _properties = null;
    }

    public void RememberCart(string cartId)
    {
        CartId = cartId;
        Http.Response.Cookies.Append(CartCookie, cartId, CookieOptions(TimeSpan.FromDays(30)));
    }

    /// <summary>After sign-in the anonymous cart has been merged into the user's own: its id is of no more use.</summary>
    public void ForgetCart()
    {
        CartId = null;
        Http.Response.Cookies.Delete(CartCookie, CookieOptions(null));
    }

    public bool SecureCookies => options.SecureCookies ?? !environment.IsDevelopment();

    private CookieOptions CookieOptions(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = SecureCookies,
        IsEssential = true,
        MaxAge = maxAge,
    };

    private static void Store(AuthenticationProperties properties, Tokens tokens, TimeProvider time) =>
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = "access_token", Value = tokens.AccessToken },
            new AuthenticationToken { Name = "refresh_token", Value = tokens.RefreshToken },
            new AuthenticationToken
            {
                Name = ExpiresAtToken,
                Value = time.GetUtcNow().AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture),
            },
        ]);
}
