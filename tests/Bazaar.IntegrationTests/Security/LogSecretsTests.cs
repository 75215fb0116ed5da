using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Identity;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// Logs are read by more people, kept longer and shipped further than the databases: every line the server writes
/// during a whole journey, at the most verbose level, is searched for the journey's passwords, tokens and card token.
/// </summary>
public sealed class LogSecretsTests
{
    [Fact]
    public async Task No_log_line_of_a_full_journey_carries_a_password_a_token_or_card_data()
    {
        var logs = new CapturedLogs();
        var shop = BazaarHost.With(
            new()
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Bazaar"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            },
            builder => builder.Services.AddSingleton<ILoggerProvider>(logs));
        await shop.InitializeAsync();
        var secrets = new List<string> { ShopUnderTest.AdminPassword, BazaarHost.WebhookSecret };
        try
        {
            var customer = await shop.NewCustomerAsync("logged");
            secrets.AddRange([customer.Password, customer.Tokens.AccessToken, customer.Tokens.RefreshToken]);

            using var http = shop.CreateClient();
            var refreshed = await (await http.PostAsJsonAsync("/api/users/refresh", new { refreshToken = customer.Tokens.RefreshToken })).JsonAsync();
            secrets.AddRange([refreshed.GetProperty("accessToken").GetString()!, refreshed.GetProperty("refreshToken").GetString()!]);
            // A wrong password is a secret too: often a real one with a typo.
            const string wrong = "Correct-Horse-8-typo";
            secrets.Add(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/users/login", new { username = customer.Username, password = wrong })).StatusCode);

            var productId = await shop.NewProductAsync(stock: 5);
            const string cardToken = "tok_visa_" + "4242424242424242";
            var paid = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
            await customer.Http.WaitForOrderStatusAsync(paid, "processing");
            var declined = await customer.Http.PostCheckoutAsync(Shop.Checkout(cardToken, TestCatalog.Items(productId, 1)));
            secrets.Add(cardToken);
            Assert.Equal(HttpStatusCode.Accepted, declined.StatusCode);

            var resetToken = await PasswordResetTests.RequestTokenAsync(shop, customer.Email);
            const string newPassword = "Brand-New-Secret-7";
            secrets.AddRange([resetToken, newPassword]);
            var confirmed = await http.PostAsJsonAsync("/api/users/password-reset/confirm", new { token = resetToken, newPassword });
            Assert.True(confirmed.IsSuccessStatusCode, $"{(int)confirmed.StatusCode}");
            await shop.LoginAsync(customer.Username, newPassword);
        }
        finally
        {
            await shop.DisposeAsync();
        }

        var lines = logs.Lines;
        Assert.True(lines.Count > 200, $"only {lines.Count} log lines were captured");
        // The requests that carried the secrets were logged, so their absence below is not the absence of logging.
        Assert.Contains(lines, line => line.Contains("/api/users/password-reset/confirm", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("/api/users/refresh", StringComparison.Ordinal));
        var leaks = lines.SelectMany(line => secrets.Where(s => line.Contains(s, StringComparison.Ordinal)).Select(s => $"{s[..Math.Min(6, s.Length)]}… in: {line[..Math.Min(300, line.Length)]}")).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(20)));
    }

    /// <summary>Every message and exception the server logs, whatever its level.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
