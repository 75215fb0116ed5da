namespace Bazaar.Web.Session;

/// <summary>A message for the next page a visitor sees after a form redirected them (post, redirect, get).</summary>
public static class Flash
{
    private const string Cookie = "bazaar_flash";

    public static void Set(HttpContext http, string message, bool secure) =>
        http.Response.Cookies.Append(Cookie, message.Length > 300 ? message[..300] : message, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            MaxAge = TimeSpan.FromMinutes(1),
        });

    /// <summary>The waiting message, which is then gone.</summary>
    public static string? Take(HttpContext? http)
    {
        if (http?.Request.Cookies[Cookie] is not { Length: > 0 } message)
        {
            return null;
        }
        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Delete(Cookie);
        }
        return message;
    }
}
