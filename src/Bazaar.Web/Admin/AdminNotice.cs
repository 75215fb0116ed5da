namespace Bazaar.Web.Admin;

/// <summary>
/// What an admin action did, shown on the page it redirects back to. Unlike the storefront's flash it says whether
/// the action worked (a refund that failed must not read like one that went through), and its cookie stays in the
/// admin area.
/// </summary>
public sealed record AdminNotice(bool Succeeded, string Message)
{
    private const string Cookie = "bazaar_admin_notice";
    private const string CookiePath = "/admin";
    private const string DonePrefix = "done:";
    private const string FailedPrefix = "failed:";

    public static void Done(HttpContext http, string message, bool secure) => Set(http, DonePrefix + message, secure);

    public static void Failed(HttpContext http, string message, bool secure) => Set(http, FailedPrefix + message, secure);

    /// <summary>The waiting notice, which is then gone.</summary>
    public static AdminNotice? Take(HttpContext? http)
    {
        if (http?.Request.Cookies[Cookie] is not { Length: > 0 } value)
        {
            return null;
        }
        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = CookiePath });
        }
        return value.StartsWith(DonePrefix, StringComparison.Ordinal)
            ? new AdminNotice(true, value[DonePrefix.Length..])
            : new AdminNotice(false, value.StartsWith(FailedPrefix, StringComparison.Ordinal) ? value[FailedPrefix.Length..] : value);
    }

    private static void Set(HttpContext http, string value, bool secure) =>
        http.Response.Cookies.Append(Cookie, value.Length > 300 ? value[..300] : value, new CookieOptions
        {
            Path = CookiePath,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            MaxAge = TimeSpan.FromMinutes(1),
        });
}
