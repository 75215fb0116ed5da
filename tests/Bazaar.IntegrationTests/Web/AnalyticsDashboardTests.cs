using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Web;

/// <summary>A shop whose analytics API answers known figures (<see cref="CannedAnalytics"/>).</summary>
public sealed class CannedAnalyticsShop : IAsyncLifetime
{
    public BazaarHost Host { get; private set; } = null!;

    public CannedAnalytics Analytics { get; private set; } = null!;

    public async Task InitializeAsync() => (Host, Analytics) = await CannedAnalytics.StartShopAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>The admin analytics dashboard over plain HTTP: what the server renders from the analytics API, and its live stream.</summary>
public sealed partial class AnalyticsDashboardTests(CannedAnalyticsShop shop) : IClassFixture<CannedAnalyticsShop>
{
    private CannedAnalytics Analytics => shop.Analytics;

    [Fact]
    public async Task An_admin_sees_the_last_hour_the_windows_top_products_regions_peak_hours_and_anomalies()
    {
        Analytics.Answers = CannedAnalytics.Mode.Figures;
        using var admin = await SignedInAdminAsync();

        var (response, html) = await admin.GetAsync("/admin/analytics");
        var text = WebUtility.HtmlDecode(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("7", Figure(text, "orders"));
        Assert.Equal("€410.50 · $45.00", Figure(text, "revenue"));
        Assert.Equal("€68.42 · $45.00", Figure(text, "average-order-value"));
        Assert.Equal("2", Figure(text, "late-events"));
        Assert.Equal(3, Rows(text, "windows").Count);
        Assert.Contains("€230.50 · $45.00", Rows(text, "windows")[1], StringComparison.Ordinal);
        Assert.Contains("Trail Running Shoes", Rows(text, "top-by-quantity")[0], StringComparison.Ordinal);
        Assert.Contains("€410.50", Rows(text, "top-by-revenue")[0], StringComparison.Ordinal);
        // The windows' regions added up: DE in euros over all three, US/CA in dollars in one.
        Assert.Equal(new[] { "DE — 6 €410.50", "US CA 1 $45.00" }, Rows(text, "regions").Select(Cells));
        Assert.Contains("Orders spike", Rows(text, "anomalies")[0], StringComparison.Ordinal);
        Assert.Contains("Orders were 40 where about 6.5 were expected.", text, StringComparison.Ordinal);
        Assert.Contains(Rows(text, "peak-hours"), row => Cells(row).StartsWith("Friday", StringComparison.Ordinal) && Cells(row).Contains(" 12 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_charts_data_reaches_the_script_as_inert_JSON_that_no_product_name_can_break_out_of()
    {
        Analytics.Answers = CannedAnalytics.Mode.Figures;
        using var admin = await SignedInAdminAsync();

        var (response, html) = await admin.GetAsync("/admin/analytics");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        // The only script without a src is the data block, which browsers never run.
        Assert.Equal(new[] { "<script type=\"application/json\" id=\"analytics-data\">" }, ScriptWithoutSource().Matches(html).Select(m => m.Value));
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        using var data = JsonDocument.Parse(DataBlock().Match(html).Groups["json"].Value);
        Assert.Equal(3, data.RootElement.GetProperty("windows").GetArrayLength());
        Assert.Equal(CannedAnalytics.HostileName, data.RootElement.GetProperty("lastHour").GetProperty("topProductsByQuantity")[1].GetProperty("name").GetString());
        Assert.Equal("/admin/analytics/stream", data.RootElement.GetProperty("stream").GetString());
        Assert.Equal(2, data.RootElement.GetProperty("peakHours").GetProperty("cells").GetArrayLength());
        // The charting library and the dashboard's script come from the shop itself.
        foreach (var asset in new[] { "vendor/chart.umd.min.js", "vendor/chartjs-chart-matrix.min.js", "js/analytics.js" })
        {
            var src = Regex.Match(html, $"src=\"(?<url>/assets/{Regex.Escape(asset)}\\?v=[0-9a-f]+)\"");
            Assert.True(src.Success, asset);
            var (script, body) = await admin.GetAsync(WebUtility.HtmlDecode(src.Groups["url"].Value));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.True(body.Length > 1000, asset);
        }
    }

    [Fact]
    public async Task The_peak_hours_switch_to_28_days_through_a_link()
    {
        Analytics.Answers = CannedAnalytics.Mode.Figures;
        using var admin = await SignedInAdminAsync();

        var (_, week) = await admin.GetAsync("/admin/analytics");
        var (_, month) = await admin.GetAsync("/admin/analytics?days=28");

        Assert.Contains("<a href=\"/admin/analytics\" aria-current=\"page\">Last 7 days</a>", week, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/admin/analytics?days=28\" aria-current=\"page\">Last 28 days</a>", month, StringComparison.Ordinal);
        Assert.Contains(Rows(WebUtility.HtmlDecode(month), "peak-hours"), row => Cells(row).StartsWith("Friday", StringComparison.Ordinal) && Cells(row).Contains(" 48 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(CannedAnalytics.Mode.Down, "Analytics is down for maintenance.")]
    [InlineData(CannedAnalytics.Mode.OtherShape, "The shop answered something this page cannot read.")]
    public async Task When_the_analytics_API_fails_the_dashboard_says_so_instead_of_failing(CannedAnalytics.Mode mode, string message)
    {
        Analytics.Answers = mode;
        try
        {
            using var admin = await SignedInAdminAsync();

            var (response, html) = await admin.GetAsync("/admin/analytics");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The analytics figures cannot be shown right now.", html, StringComparison.Ordinal);
            Assert.Contains(message, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.DoesNotContain("analytics.js", html, StringComparison.Ordinal);
        }
        finally
        {
            Analytics.Answers = CannedAnalytics.Mode.Figures;
        }
    }

    [Fact]
    public async Task The_stream_passes_each_analytics_event_on_as_it_comes_with_the_admins_token_and_closes_when_the_admin_leaves()
    {
        Analytics.Answers = CannedAnalytics.Mode.Figures;
        using var admin = await SignedInAdminAsync();
        var opened = Analytics.StreamAuthorizations.Count;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var response = await admin.OpenAsync("/admin/analytics/stream", timeout.Token);
        try
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            await Eventually.TrueAsync(() => Task.FromResult(Analytics.OpenStreams > 0), "the storefront opens the analytics stream");
            var correction = CannedAnalytics.Window("tumbling", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5), orders: 9, eur: 1m, usd: 0m, revision: 2);

            // One event published, one event received: nothing waits for a buffer to fill.
            Analytics.Publish("window", correction);
            var window = await NextEventAsync(events, "window", timeout.Token);
            Analytics.Publish("anomaly", CannedAnalytics.Anomaly);
            var anomaly = await NextEventAsync(events, "anomaly", timeout.Token);

            Assert.Equal(2, window.GetProperty("revision").GetInt32());
            Assert.Equal(9, window.GetProperty("ordersPlaced").GetInt64());
            Assert.Equal("anomaly-1", anomaly.GetProperty("anomalyId").GetString());
            Assert.Equal(opened + 1, Analytics.StreamAuthorizations.Count);
            Assert.StartsWith("Bearer eyJ", Analytics.StreamAuthorizations[^1], StringComparison.Ordinal);
        }
        finally
        {
            response.Dispose();
        }
        await Eventually.TrueAsync(() => Task.FromResult(Analytics.OpenStreams == 0), "the storefront closes the analytics stream once the admin has gone", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task The_stream_sends_visitors_to_sign_in_refuses_customers_and_opens_nothing_for_them()
    {
        var customer = await shop.Host.NewCustomerAsync();
        using var visitor = new WebForms(shop.Host.BaseAddress);
        using var signedIn = new WebForms(shop.Host.BaseAddress);
        await signedIn.SignInAsync(customer.Email, customer.Password);
        var opened = Analytics.StreamAuthorizations.Count;

        using var anonymous = await visitor.OpenAsync("/admin/analytics/stream");
        using var refused = await signedIn.OpenAsync("/admin/analytics/stream");

        Assert.True(anonymous.IsRedirect(), $"{(int)anonymous.StatusCode}");
        Assert.StartsWith("/account/login", anonymous.Target(shop.Host.BaseAddress), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotEqual("text/event-stream", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(opened, Analytics.StreamAuthorizations.Count);
    }

    private async Task<WebForms> SignedInAdminAsync()
    {
        var admin = new WebForms(shop.Host.BaseAddress);
        Assert.True((await admin.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword)).IsRedirect());
        return admin;
    }

    /// <summary>Reads server-sent events until one of that name, and returns its data (a ping in between is skipped).</summary>
    private static async Task<JsonElement> NextEventAsync(StreamReader events, string name, CancellationToken ct)
    {
        string? current = null;
        while (await events.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                current = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == name)
            {
                using var data = JsonDocument.Parse(line["data: ".Length..]);
                return data.RootElement.Clone();
            }
            else if (line.Length == 0)
            {
                current = null;
            }
        }
        throw new Xunit.Sdk.XunitException($"The stream ended before a {name} event.");
    }

    /// <summary>The text of the element marked data-figure="<paramref name="name"/>".</summary>
    private static string Figure(string html, string name) =>
        Regex.Match(html, $"data-figure=\"{name}\">(?<value>[^<]*)<").Groups["value"].Value;

    /// <summary>The rows of a table body, by its data-rows or data-testid name, as markup.</summary>
    private static List<string> Rows(string html, string name)
    {
        var body = Regex.Match(html, $"data-(?:rows|testid)=\"{name}\"[^>]*>(?<rows>.*?)</(?:tbody|table)>", RegexOptions.Singleline).Groups["rows"].Value;
        var tbody = body.Contains("<tbody", StringComparison.Ordinal) ? body[body.IndexOf("<tbody", StringComparison.Ordinal)..] : body;
        return [.. Regex.Matches(tbody, "<tr[^>]*>(?<row>.*?)</tr>", RegexOptions.Singleline).Select(m => m.Groups["row"].Value)];
    }

    /// <summary>A row's cells as text, one space between them.</summary>
    private static string Cells(string row) =>
        string.Join(' ', Regex.Matches(row, "<t[hd][^>]*>(?<cell>.*?)</t[hd]>", RegexOptions.Singleline)
            .Select(m => Regex.Replace(m.Groups["cell"].Value, "<[^>]+>", "").Trim()));

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithoutSource();

    [GeneratedRegex("<script type=\"application/json\" id=\"analytics-data\">(?<json>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();
}
