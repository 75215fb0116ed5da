using System.Net;
using System.Net.Sockets;
using System.Text;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API4 (unrestricted resource consumption): bodies, pages and slow clients are bounded. Request rates are
/// limited at the gateway; those limits are tested with it (<c>Bazaar.DistributedTests.Gateway</c>).
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class ResourceConsumptionTests(BazaarHost host)
{
    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        using var admin = await host.AdminAsync();
        var huge = new string('x', 1_100_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products")
        {
            Content = new StringContent($$"""{"name":"{{huge}}"}""", Encoding.UTF8, "application/json"),
        };
        // The server answers from the declared length, before the body; the client waits for that answer instead of
        // sending a megabyte into a closed connection.
        request.Headers.ExpectContinue = true;
        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/products?pageSize=101")]
    [InlineData("/api/products?pageSize=100000")]
    [InlineData("/api/products?page=0")]
    [InlineData("/api/orders?pageSize=1000")]
    public async Task A_page_beyond_the_bounds_is_a_validation_problem(string path)
    {
        using var admin = await host.AdminAsync();
        using var response = await admin.GetAsync(path);

        var problem = await response.ClientErrorProblemAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(), problem.ToString());
    }

    [Fact]
    public async Task A_client_that_trickles_its_headers_is_cut_off()
    {
        var slow = BazaarHost.With(new() { ["Bazaar:RequestHeadersTimeout"] = "00:00:01", ["Bazaar:Services"] = "catalog" });
        await slow.InitializeAsync();
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(slow.BaseAddress.Host, slow.BaseAddress.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/categories HTTP/1.1\r\nHost: localhost\r\n"));
            // A header every half second, never the blank line that ends them: the server closes the connection.
            var closed = false;
            for (var i = 0; i < 20 && !closed; i++)
            {
                await Task.Delay(500);
                try
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"X-Slow-{i}: {i}\r\n"));
                    closed = client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0;
                }
                catch (IOException)
                {
                    closed = true;
                }
            }
            Assert.True(closed, "the server kept a connection whose headers never ended open for 10 s");
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }
}
