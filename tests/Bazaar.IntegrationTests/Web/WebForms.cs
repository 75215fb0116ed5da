using System.Net;
using System.Text.RegularExpressions;

namespace Bazaar.IntegrationTests.Web;

/// <summary>
/// A browser reduced to what the page tests need: its own cookie jar (which, unlike HttpClient's, also keeps Secure
/// cookies over plain HTTP, so the tests can read their flags), and forms posted with the page's antiforgery token.
/// </summary>
public sealed partial class WebForms(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
        DefaultRequestHeaders = { { "Accept", "text/html,application/xhtml+xml,*/*;q=0.8" } },
    };
    private readonly Dictionary<string, string> _cookies = [];

    /// <summary>Every Set-Cookie header seen, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A GET whose body is read as it arrives (an event stream), not waited for; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenAsync(string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>Posts a form as the page at <paramref name="path"/> would, with its antiforgery token unless told not to.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, bool withToken = true, string? pageWithForm = null)
    {
        if (withToken)
        {
            var (_, html) = await GetAsync(pageWithForm ?? path);
            fields["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups["token"].Value;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(request);
    }

    public Task<HttpResponseMessage> SignInAsync(string email, string password, string returnUrl = "/") =>
        PostFormAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken ct = default)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await _http.SendAsync(request, completion, ct);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(header);
            var pair = header.Split(';')[0];
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
        return response;
    }

    public string? SetCookie(string name) => SetCookies.LastOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"|name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public static class Redirects
{
    /// <summary>Where a redirect points, as a path of the shop; an address on any other site fails the test.</summary>
    public static string Target(this HttpResponseMessage response, Uri shop)
    {
        var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} without a Location");
        var absolute = location.IsAbsoluteUri ? location : new Uri(shop, location);
        Xunit.Assert.Equal(shop.GetLeftPart(UriPartial.Authority), absolute.GetLeftPart(UriPartial.Authority));
        return absolute.PathAndQuery;
    }

    public static bool IsRedirect(this HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb;
}
