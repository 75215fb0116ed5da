using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Gateway.Edge;

/// <summary>
/// Fixed-window limits, one partition per caller: the user (token <c>sub</c>) when signed in, the client IP otherwise,
/// and a stricter per-IP partition for login and password reset. Health and metrics are not limited.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, GatewayRateLimits limits) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
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
                if (IsCredentialEndpoint(context.Request))
                {
                    return Window($"login:{ip}", limits.Login);
                }
                return context.User.FindFirst("sub")?.Value is { } user
                    ? Window($"user:{user}", limits.Authenticated)
                    : Window($"ip:{ip}", limits.Anonymous);
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
}
