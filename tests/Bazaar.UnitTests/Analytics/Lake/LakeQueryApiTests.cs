using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Analytics.Lake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.UnitTests.Analytics.Lake;

/// <summary>The endpoint alone, on a loopback port, with the analytics group's admin policy left to the host that maps it.</summary>
public sealed class LakeQueryApiTests : IAsyncLifetime
{
    private readonly TemporaryLake _lake = new(queryTimeout: TimeSpan.FromMilliseconds(300), queryRowLimit: 100);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Kestrel's default request line (8 KB) is shorter than the longest SQL accepted.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = 64 * 1024);
        builder.Services.AddSingleton(_lake.Query);
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        _app.MapGroup("/api/analytics").MapLakeQuery();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _lake.Dispose();
    }

    private Task<HttpResponseMessage> QueryAsync(string? sql, string? maxRows = null)
    {
        var query = new List<string>();
        if (sql is not null)
        {
            query.Add($"sql={Uri.EscapeDataString(sql)}");
        }
        if (maxRows is not null)
        {
            query.Add($"maxRows={Uri.EscapeDataString(maxRows)}");
        }
        return _client.GetAsync($"/api/analytics/query?{string.Join('&', query)}");
    }

    [Fact]
    public async Task A_query_answers_with_its_columns_its_first_rows_and_whether_there_were_more()
    {
        await _lake.Writer.AppendAsync(
            [TemporaryLake.Window(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), orders: 4)], firstPosition: 1, CancellationToken.None);

        using var response = await QueryAsync("SELECT start, currency, revenue FROM window_revenue ORDER BY currency", maxRows: "1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("""[{"name":"start","type":"timestamptz"},{"name":"currency","type":"varchar"},{"name":"revenue","type":"decimal"}]""",
            body.RootElement.GetProperty("columns").GetRawText());
        Assert.Equal("""[["2026-03-02T00:00:00Z","EUR",42]]""", body.RootElement.GetProperty("rows").GetRawText());
        Assert.True(body.RootElement.GetProperty("truncated").GetBoolean());
        Assert.True(body.RootElement.GetProperty("elapsedMilliseconds").GetInt64() >= 0);
    }

    [Theory]
    [InlineData(null, null, "sql")]
    [InlineData("", null, "sql")]
    [InlineData("   ", null, "sql")]
    [InlineData("SELECT 1\0", null, "sql")]
    [InlineData("SELECT 1", "0", "maxRows")]
    [InlineData("SELECT 1", "-5", "maxRows")]
    [InlineData("SELECT 1", "ten", "maxRows")]
    [InlineData("SELECT 1", "", "maxRows")]
    public async Task A_missing_or_malformed_parameter_is_a_validation_problem(string? sql, string? maxRows, string field)
    {
        using var response = await QueryAsync(sql, maxRows);

        await AssertValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Sql_longer_than_ten_thousand_characters_is_a_validation_problem()
    {
        var longest = "SELECT 1 " + new string('-', 9_991);
        Assert.Equal(10_000, longest.Length);
        using var accepted = await QueryAsync(longest);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        using var response = await QueryAsync(longest + "-");

        await AssertValidationProblemAsync(response, "sql");
    }

    [Theory]
    [InlineData("COPY (SELECT 1) TO 'stolen.csv'", "Query refused", "Only a single read-only query")]
    [InlineData("SELECT 1; SELECT 2", "Query refused", "Only a single read-only query")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "Query failed", "Permission Error")]
    [InlineData("SELECT nope FROM windows", "Query failed", "nope")]
    [InlineData("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b", "Query timed out", "stopped")]
    public async Task A_refused_failed_or_stopped_query_is_a_bad_request_that_says_why(string sql, string title, string detail)
    {
        using var response = await QueryAsync(sql);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(StatusCodes.Status400BadRequest, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}: {problem}");
    }
}
