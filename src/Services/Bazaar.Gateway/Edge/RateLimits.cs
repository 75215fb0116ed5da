using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Bazaar.Gateway.Edge;

/// <summary>
/// Fixed-window limits, one partition per caller: the user (token <c>sub</c>) when signed in, the client IP otherwise,
/// and a stricter per-IP partition for login and password reset. Health and metrics are not limited. With Redis
/// configured the counters live there, so every gateway replica spends from one budget per caller.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, GatewayRateLimits limits, bool shared) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (RetryAfter(context.Lease) is { } retryAfter)
                {
                    var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }
                return ValueTask.CompletedTask;
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var path = context.Request.Path;
                if (path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var (key, limit) = IsCredentialEndpoint(context.Request) ? ($"login:{ip}", limits.Login)
                    : context.User.FindFirst("sub")?.Value is { } user ? ($"user:{user}", limits.Authenticated)
                    : ($"ip:{ip}", limits.Anonymous);
                if (shared && context.RequestServices.GetRequiredService<IConnectionMultiplexer>() is { IsConnected: true } redis)
                {
                    return SharedWindow(redis, key, limit);
                }
                // Without Redis (or while it is unreachable) each gateway keeps its own count: the limits still hold per
                // replica and calls go on, rather than every call failing with Redis. Its own keys, as limiters are cached by key.
                return Window(shared ? "local:" + key : key, limit);
            });
        });

    private static bool IsCredentialEndpoint(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/users/login", StringComparison.OrdinalIgnoreCase))
        || request.Path.StartsWithSegments("/api/users/password-reset", StringComparison.OrdinalIgnoreCase);

    private static RateLimitPartition<string> Window(string key, RateLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static RateLimitPartition<string> SharedWindow(IConnectionMultiplexer redis, string key, RateLimit limit) =>
        RedisRateLimitPartition.GetFixedWindowRateLimiter($"bazaar:gateway:{key}", _ => new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
        });

    // The in-process limiter reports a TimeSpan under the standard name; the Redis one whole seconds under its own.
    private static TimeSpan? RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
        : lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds)
        : null;
}
