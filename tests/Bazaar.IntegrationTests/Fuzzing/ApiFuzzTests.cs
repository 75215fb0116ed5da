using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using CsCheck;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// Every operation the server describes in /openapi/v1.json, called a few hundred times each with inputs generated from
/// that description: plausible values, wrong types, missing and extra fields, injection strings, broken Unicode, huge and
/// deeply nested bodies, forged tokens. Whatever comes in, the shop answers below 500, leaks nothing of its insides,
/// answers 4xx as problem documents, and changes nothing when it refuses.
/// </summary>
[Collection(ApiFuzzCollection.Name)]
public sealed class ApiFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 10_000;

    /// <summary>A fixed seed keeps a failure reproducible; BAZAAR_FUZZ_SEED explores other inputs.</summary>
    private const ulong DefaultSeed = 20_261_126;

    [Fact]
    public async Task Every_operation_survives_generated_input_without_a_server_error_a_leak_or_a_change_from_a_refused_request()
    {
        var seed = Environment.GetEnvironmentVariable("BAZAAR_FUZZ_SEED") is { Length: > 0 } given ? ulong.Parse(given, CultureInfo.InvariantCulture) : DefaultSeed;
        output.WriteLine($"Fuzz seed {seed} (set BAZAAR_FUZZ_SEED={seed} to replay)");
        var clock = Stopwatch.StartNew();
        var serverErrors = new ServerErrorLog();
        var shop = BazaarHost.With([], builder => builder.Logging.AddProvider(serverErrors));
        await shop.InitializeAsync();
        try
        {
            using var versions = new DatabaseVersions(shop.DataDirectory);
            var before = versions.Read();
            var real = await CreateRealObjectsAsync(shop);
            await versions.WaitUntilQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
            // The watch must see the server's commits, or every "changed nothing" below would hold vacuously.
            Assert.Equal((string[])["identity", "catalog", "inventory", "ordering", "payment", "notification"], DatabaseVersions.Changed(before, versions.Read()).Except(["cart"]));
            output.WriteLine($"Shop started with real objects in {clock.Elapsed.TotalSeconds:F1} s");

            using var http = FuzzClient.Create(shop.BaseAddress);
            using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
            var operations = ApiOperations.Read(document.RootElement);
            var requests = new FuzzRequests(new ApiSchemas(document.RootElement), real);
            var gens = operations.ToDictionary(o => o, requests.For);
            var rounds = Rounds(operations);

            var run = new FuzzRun(http, versions, serverErrors);
            // One seeded stream drives every draw, so a seed replays the same requests (up to the ids the server
            // generated). Check.Sample would instead stop and shrink at the first failure; this run collects them all.
            var random = new PCG(1, seed);
            var fuzzing = Stopwatch.StartNew();
            for (var i = 0; i < Requests; i++)
            {
                var operation = rounds[i % rounds.Count];
                await run.SendAsync(gens[operation].Generate(random, null!, out _));
            }
            output.WriteLine($"Fuzzed in {fuzzing.Elapsed.TotalSeconds:F1} s, {clock.Elapsed.TotalSeconds:F1} s in all");
            output.WriteLine(run.Statistics(operations));

            Assert.True(operations.Count >= 40, $"Only {operations.Count} operations read from /openapi/v1.json.");
            Assert.True(run.Total >= Requests, $"Only {run.Total} requests sent.");
            Assert.All(operations, o => Assert.True(run.SentTo(o) > 0, $"{o.Name} was never called."));
            if (run.Failures.Count > 0)
            {
                output.WriteLine(run.Report(lines: 200, detailed: true));
                throw new XunitException($"Seed {seed}: " + run.Report(lines: 15, detailed: false));
            }
        }
        finally
        {
            await shop.DisposeAsync();
        }
    }

    /// <summary>
    /// The order operations take turns in: every one in each round, so that each gets its share whatever the seed, and
    /// those that take input three times, since an operation without parameters or body has little to vary.
    /// </summary>
    private static List<ApiOperation> Rounds(IReadOnlyList<ApiOperation> operations) =>
        [.. operations, .. Enumerable.Repeat(operations.Where(o => o.Parameters.Count > 0 || o.Body is not null), 2).SelectMany(o => o)];

    /// <summary>Customers, products, orders with their payments, and the e-mails they sent, for requests to name.</summary>
    private static async Task<RealObjects> CreateRealObjectsAsync(BazaarHost shop)
    {
        using var admin = await shop.AdminAsync();
        var customer = await shop.NewCustomerAsync("fuzz");
        var other = await shop.NewCustomerAsync("fuzzother");
        // Requests that delete a user or a product succeed now and then; a few spares keep later requests finding some.
        List<string> users = [customer.Id, other.Id];
        for (var i = 0; i < 3; i++)
        {
            users.Add((await shop.NewCustomerAsync("fuzzspare")).Id);
        }
        string[] products = [await admin.CreateStockedProductAsync(1000), await admin.CreateStockedProductAsync(1000), .. DemoProducts.All.Take(8).Select(p => p.Id)];
        string[] orders =
        [
            await customer.Http.CheckoutAsync(items: TestCatalog.Items(products[0], 1)),
            await other.Http.CheckoutAsync(items: TestCatalog.Items(products[1], 2)),
        ];
        var payments = new List<string>();
        foreach (var (order, http) in orders.Zip([customer.Http, other.Http]))
        {
            payments.Add((await http.WaitForPaymentStatusAsync(order, "captured")).GetProperty("id").GetString()!);
        }
        var notifications = await Eventually.ValueAsync(
            async () => await admin.GetFromJsonAsync<JsonElement>("/api/notifications?pageSize=5"),
            list => list.GetProperty("items").GetArrayLength() > 0,
            "a notification to exist");
        var adminTokens = await shop.LoginAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        return new RealObjects(
            UserIds: users,
            ProductIds: products,
            OrderIds: orders,
            PaymentIds: payments,
            NotificationIds: [.. notifications.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)],
            CustomerUsername: customer.Username,
            CustomerEmail: customer.Email,
            CustomerPassword: customer.Password,
            CustomerToken: customer.Tokens.AccessToken,
            AdminToken: adminTokens.AccessToken,
            RefreshToken: other.Tokens.RefreshToken);
    }
}

/// <summary>
/// The fuzzer runs alone, after the other tests: it sends one request at a time and waits for the shop to settle after
/// each change, so sharing the two cores would only stretch its run and theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApiFuzzCollection
{
    public const string Name = "api fuzzing";
}
